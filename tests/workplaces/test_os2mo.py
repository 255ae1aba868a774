import logging
from datetime import date

from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from tests.factories import UserFactory
from tests.os2mo_export import CPR, Export, large_export, safetynet_export, small_export, subtree
from workplaces import os2mo
from workplaces.access import get_workplace_for, workplaces_visible_to
from workplaces.models import (
    Area,
    ImportBatch,
    LocalCommittee,
    Membership,
    User,
    Workplace,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-11-26 10:00 +01:00")


def _import(export: Export, tmp_path, *, apply=True, **options):
    folder = export.write(tmp_path / "export", **options)
    args = ["import_os2mo", str(folder)] + (["--apply"] if apply else [])
    call_command(*args)
    return folder


def _role(number, unit):
    return Membership.objects.get(user__employee_number=number, workplace__code=unit)


def test_units_people_managers_and_med_roles_are_mapped(tmp_path):
    _import(small_export(), tmp_path)

    assert set(Workplace.objects.values_list("code", flat=True)) == {
        "u-solhoj", "u-kitchen", "u-nord",
    }  # fmt: skip
    solhoj = Workplace.objects.get(code="u-solhoj")
    assert solhoj.slug == "plejecenter-solhoej"
    assert solhoj.area.code == "u-health"
    # The kitchen has engagements of its own, so it is a workplace, in the nearest area.
    assert Workplace.objects.get(code="u-kitchen").area.code == "u-health"
    assert Area.objects.get(code="u-health").parent.code == "u-root"

    assert _role("9001", "u-solhoj").role == "manager"
    assert _role("9002", "u-nord").role == "manager"
    assert _role("1001", "u-solhoj").role == "amir"
    assert _role("1004", "u-solhoj").role == "tr"
    assert _role("1004", "u-nord").role == "tr"
    assert _role("1005", "u-kitchen").role == "employee"

    committee = LocalCommittee.objects.get(code="m-elder")
    assert committee.name == "LokalMED Ældreområdet"
    assert set(committee.workplaces.values_list("code", flat=True)) == {
        "u-solhoj", "u-kitchen", "u-nord",
    }  # fmt: skip
    assert set(committee.members.values_list("employee_number", flat=True)) == {
        "1001", "1004", "9001",
    }  # fmt: skip
    anne = User.objects.get(employee_number="1001")
    assert (anne.first_name, anne.last_name, anne.email) == ("Anne", "Ærø", "anne.1001@kommune.dk")
    assert anne.username == "anne.1001@kommune.dk"
    assert User.objects.get(employee_number="9001").username == "mema"
    assert not anne.has_usable_password()


def test_dates_start_and_end_access(tmp_path, time_machine):
    _import(small_export(), tmp_path)
    bo = User.objects.get(employee_number="1002")
    carl = User.objects.get(employee_number="1003")
    assert _role("1002", "u-solhoj").ends_on == date(2026, 1, 31)
    assert list(workplaces_visible_to(bo)) == []  # ended: kept for history, no access
    assert list(workplaces_visible_to(carl)) == []  # starts 1 January 2027
    time_machine.move_to("2027-01-02 10:00 +01:00")
    assert [w.code for w in workplaces_visible_to(carl)] == ["u-nord"]


def test_the_dry_run_plans_exactly_what_apply_does_and_twice_changes_nothing(tmp_path):
    rows, problems = os2mo.read_files(small_export().files())
    assert problems == []
    dry = os2mo.plan(rows)
    assert Workplace.objects.count() == 0  # nothing written by the dry run
    assert os2mo.apply(dry) == dry.counts()
    assert dry.counts()["memberships_new"] == 9  # incl. the kitchen's manager
    again = os2mo.plan(rows)
    assert again.is_empty, again.counts()


def test_command_prints_the_dry_run_and_changes_nothing_without_apply(tmp_path, capsys):
    _import(small_export(), tmp_path, apply=False)
    out = capsys.readouterr().out
    assert "3  nye arbejdspladser" in out
    assert "Prøvekørsel: intet er ændret" in out
    assert not Workplace.objects.exists()


def test_someone_who_disappears_loses_access_and_their_content_stays(tmp_path):
    _import(small_export(), tmp_path)
    anne = User.objects.get(employee_number="1001")
    solhoj = Workplace.objects.get(code="u-solhoj")
    solhoj.changes.create(
        content_type_id=1, object_id=1, field="x", after="skrevet af Anne", by=anne
    )

    export = small_export()
    export.engagements = [e for e in export.engagements if e["Medarbejdernummer"] != "1001"]
    export.med_associations = [a for a in export.med_associations if a["CPR"] != CPR["anne"]]
    _import(export, tmp_path)

    anne.refresh_from_db()
    assert not anne.is_active
    membership = _role("1001", "u-solhoj")
    assert membership.ends_on == date(2026, 11, 25)
    assert solhoj.changes.get(by=anne).after == "skrevet af Anne"
    assert not LocalCommittee.objects.get(code="m-elder").members.filter(pk=anne.pk).exists()


def test_a_person_made_by_hand_is_recognised_not_doubled(tmp_path):
    by_hand = UserFactory(username="mema", email="mette@old.dk")
    _import(small_export(), tmp_path)
    by_hand.refresh_from_db()
    assert by_hand.employee_number == "9001"
    assert User.objects.filter(first_name="Mette").count() == 1


def test_manual_members_are_left_alone(tmp_path):
    _import(small_export(), tmp_path)
    guest = UserFactory(username="vikar")
    Membership.objects.create(user=guest, workplace=Workplace.objects.get(code="u-nord"))
    _import(small_export(), tmp_path)
    assert Membership.objects.active().filter(user=guest).exists()


@pytest.mark.parametrize(("sep", "bom"), [(";", True), (",", False), ("||", True)])
def test_semicolon_comma_and_bom_files_are_read_alike(tmp_path, sep, bom):
    rows, problems = os2mo.read_files(small_export().files(sep=sep, bom=bom))
    assert problems == []
    assert len(rows.engagements) == 8
    assert rows.units[0]["code"] == "u-root"


def _broken(change):
    export = small_export()
    change(export)
    return export


MALFORMED = [
    (
        lambda e: e.engagements[2].update(Startdato="2026-02-30"),
        (
            "adm-engagements.csv, linje 4: Ugyldig dato i Startdato: »2026-02-30« "
            "(skal være ÅÅÅÅ-MM-DD)."
        ),
    ),
    (
        lambda e: e.engagements[2].update(Afdelingskode="u-nowhere"),
        "adm-engagements.csv, linje 4: Ukendt afdeling u-nowhere.",
    ),
    (
        lambda e: e.engagements.append(dict(e.engagements[2])),
        "adm-engagements.csv, linje 10: Dubletrække – samme som linje 4.",
    ),
    (
        lambda e: e.engagements[3].update(Mail=e.engagements[2]["Mail"]),
        "adm-engagements.csv, linje 5: E-mailadressen bruges også af en anden person på linje 4.",
    ),
]


@pytest.mark.parametrize(("change", "message"), MALFORMED)
def test_each_bad_row_gets_its_line_numbered_danish_error_and_nothing_changes(
    tmp_path, change, message
):
    with pytest.raises(CommandError, match="fejl – intet er ændret"):
        _import(_broken(change), tmp_path)
    _rows, problems = os2mo.read_files(_broken(change).files())
    assert message in [str(p) for p in problems]
    assert not Workplace.objects.exists()
    assert not User.objects.exists()


WARNINGS = [
    (
        lambda e: e.engagements[2].update(LedersMedarbejdernummer="7777"),
        "adm-engagements.csv, linje 4: Lederen med medarbejdernummer 7777 findes ikke i filen.",
    ),
    (
        lambda e: e.med_associations[0].update(CPR="0101019999"),
        "med-associations.csv, linje 2: Personen findes ikke i adm-engagements.csv.",
    ),
    (
        lambda e: e.units[2].update(Forældreafdelingskode="u-ghost"),
        (
            "adm-org-units.csv, linje 4: Forældreafdelingen u-ghost er ikke med i filen – "
            "afdelingen lægges direkte under kommunen."
        ),
    ),
]


@pytest.mark.parametrize(("change", "message"), WARNINGS)
def test_someone_or_something_outside_the_files_is_a_warning_and_the_import_runs(
    tmp_path, capsys, change, message
):
    _import(_broken(change), tmp_path)
    assert f"  {message}" in capsys.readouterr().out
    assert Workplace.objects.count() == 3


def test_a_missing_column_or_file_is_reported(tmp_path):
    files = small_export().files()
    files["adm-engagements.csv"] = files["adm-engagements.csv"].replace(b"Slutdato", b"Slut")
    del files["med-org-units.csv"]
    _rows, problems = os2mo.read_files(files)
    assert [str(p) for p in problems][:2] == [
        "med-org-units.csv: Filen mangler.",
        "adm-engagements.csv, linje 1: Mangler kolonnen Slutdato.",
    ]


def test_not_utf8_is_reported(tmp_path):
    files = small_export().files()
    files["adm-org-units.csv"] = "Afdelingsnavn||Æ".encode("latin-1")
    _rows, problems = os2mo.read_files(files)
    assert "adm-org-units.csv: Filen er ikke gemt som UTF-8." in [str(p) for p in problems]


@pytest.mark.parametrize("sep", ["||", ";"])
def test_a_file_csv_cannot_read_is_reported_not_a_crash(sep):
    files = small_export().files(sep=sep)
    files["adm-org-units.csv"] += b"x" * 200_000  # past csv's field size limit
    _rows, problems = os2mo.read_files(files)
    assert str(problems[0]) == (
        "adm-org-units.csv, linje 7: Kan ikke læses som CSV: field larger than field limit (131072)"
    )


def test_older_exports_without_links_leave_hrs_coverage_alone(tmp_path):
    _import(small_export(), tmp_path)
    committee = LocalCommittee.objects.get(code="m-elder")
    committee.workplaces.remove(Workplace.objects.get(code="u-kitchen"))
    export = small_export()
    export.links = False
    _import(export, tmp_path)
    assert set(committee.workplaces.values_list("code", flat=True)) == {"u-solhoj", "u-nord"}


def _all_text_in_the_database() -> str:
    return "\n".join(
        repr(row) for model in apps.get_models() for row in model.objects.all().values()
    )


def test_cpr_numbers_are_never_stored_logged_or_shown(
    client, tmp_path, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    hr = UserFactory(username="hr", hr=True)
    client.force_login(hr)
    files = small_export().files()
    broken = _broken(lambda e: e.med_associations.append(
        {"CPR": "3112999999", "Afdelingskode": "m-elder", "Startdato": "", "Slutdato": "",
         "Hverv": "Medlem", "Hovedorganisation": ""}
    )).files()  # fmt: skip
    pages = []
    for upload in (broken, files):
        fields = {n.replace(".csv", "").replace("-", "_"): _file(n, d) for n, d in upload.items()}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("workplaces:import-start"), fields, follow=True)
        pages.append(response.content.decode())
    batch = ImportBatch.objects.filter(status=ImportBatch.Status.PLANNED).first()  # the latest
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workplaces:import-apply", args=[batch.pk]))
    pages.append(client.get(reverse("workplaces:import-detail", args=[batch.pk])).content.decode())
    _import(small_export(), tmp_path)
    _import(safetynet_export(manager_cprs=True), tmp_path)  # LedersCPR: CPR numbers too

    haystack = "\n".join([_all_text_in_the_database(), caplog.text, *pages])
    assert "Personen findes ikke i adm-engagements.csv." in pages[0]
    assert "Anvendt" in pages[2]
    for cpr in [*CPR.values(), "3112999999"]:
        assert cpr not in haystack


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_a_large_municipality_and_a_one_percent_change(tmp_path, django_assert_max_num_queries):
    export = large_export(units=100, engagements=3000)
    rows, problems = os2mo.read_files(export.files())
    assert problems == []
    first = os2mo.apply(os2mo.plan(rows))
    assert first["workplaces_new"] == 100
    assert first["memberships_new"] == 3000

    for engagement in export.engagements[::100]:  # 30 people, 1 %
        engagement["Efternavn"] += "-Hansen"
    rows, _problems = os2mo.read_files(export.files())
    with django_assert_max_num_queries(20):
        result = os2mo.plan(rows)
        counts = os2mo.apply(result)
    assert counts["people_changed"] == 30
    assert sum(counts.values()) == 30
    assert get_workplace_for(User.objects.get(employee_number="0000000"), "arbejdsplads-0")


def test_hr_decides_a_unit_is_not_a_workplace(tmp_path):
    _import(small_export(), tmp_path)
    Area.objects.create(code="u-kitchen", name="Køkkenet på Solhøj", is_workplace=False)
    rows, _problems = os2mo.read_files(small_export().files())
    planned = os2mo.plan(rows)
    assert [m.workplace.code for m in planned.memberships_ended] == ["u-kitchen", "u-kitchen"]
    assert not [w for w in planned.workplaces_new if w["code"] == "u-kitchen"]


def test_the_nightly_task_imports_a_folder_and_keeps_a_record(tmp_path, settings):
    settings.OS2MO_IMPORT_FOLDER = str(small_export().write(tmp_path / "drop"))
    from workplaces.tasks import import_organisation_folder  # noqa: PLC0415

    import_organisation_folder.delay()
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.report["counts"]["workplaces_new"] == 3
    assert Workplace.objects.count() == 3


def test_the_nightly_task_changes_nothing_when_a_row_is_bad(tmp_path, settings):
    export = _broken(lambda e: e.engagements[0].update(Slutdato="i morgen"))
    settings.OS2MO_IMPORT_FOLDER = str(export.write(tmp_path / "drop"))
    from workplaces.tasks import import_organisation_folder  # noqa: PLC0415

    import_organisation_folder.delay()
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.INVALID
    assert "adm-engagements.csv, linje 2: Ugyldig dato i Slutdato" in batch.report["problems"][0]
    assert not Workplace.objects.exists()


def test_imported_membership_says_where_it_comes_from(client, tmp_path):
    _import(small_export(), tmp_path)
    mette = User.objects.get(employee_number="9001")
    client.force_login(mette)
    anne = _role("1001", "u-solhoj")
    html = client.get(
        reverse("workplaces:member-edit", kwargs={"slug": "plejecenter-solhoej", "pk": anne.pk})
    ).content.decode()
    assert "kommer fra kommunens organisationssystem" in html


# Exports as OS2mo's SafetyNet exporter writes them (tests/workplaces/safetynet_writer.py) ----


def _user(first_name):
    return User.objects.get(first_name=first_name)


def _managers():
    return set(
        Membership.objects.filter(role="manager").values_list("user__first_name", "workplace__code")
    )


@pytest.mark.parametrize("name", ['Børnehuset "Mælkebøtten"', r"Skole\Fritid", "Rød | Grøn"])
def test_quotes_backslashes_and_bars_written_by_the_exporter_are_read_back(name):
    export = safetynet_export()
    export.units[-1]["Afdelingsnavn"] = name
    files = export.files()
    assert not files["adm-org-units.csv"].startswith(b"\xef\xbb\xbf")  # no BOM
    assert b"\r" not in files["adm-org-units.csv"]
    if '"' in name:
        assert 'Børnehuset \\"Mælkebøtten\\"'.encode() in files["adm-org-units.csv"]
    rows, problems = os2mo.read_files(files)
    assert os2mo.errors(problems) == []
    assert rows.units[-1]["name"] == name


@pytest.mark.parametrize("manager_cprs", [False, True], ids=["LedersCPR off", "LedersCPR on"])
def test_a_safetynet_export_imports_as_os2mo_means_it(tmp_path, capsys, manager_cprs):
    export = safetynet_export(manager_cprs=manager_cprs)
    _import(export, tmp_path, apply=False)
    dry_run = capsys.readouterr().out
    assert "ledige pladser i MED: 1" in dry_run  # the vacant seat: skipped, counted
    assert "Prøvekørsel: intet er ændret" in dry_run
    assert not User.objects.exists()
    # Pia's row names 12345, Lise's and Pernille's number: only LedersCPR says which.
    unsure = "linje 15: Lederen med medarbejdernummer 12345 kan ikke afgøres"
    assert (unsure in dry_run) is not manager_cprs
    assert "linje 13: Medarbejdernummer 12345 bruges også af en anden person på linje 14" in (
        dry_run
    )

    _import(export, tmp_path)
    # Directors and the root are areas: their only engagements are managers of other units.
    assert set(Workplace.objects.values_list("code", flat=True)) == {
        "u-solhoj", "u-kitchen", "u-nord", "u-mb",
    }  # fmt: skip
    assert set(Area.objects.exclude(code=None).values_list("code", flat=True)) == {
        "u-root", "u-health", "u-children",
    }  # fmt: skip
    assert Workplace.objects.get(code="u-mb").name == 'Børnehuset "Mælkebøtten"'
    # A manager's own row names the parent's manager (Dan), who manages no workplace; the
    # kitchen, without a manager of its own, has Solhøj's; Lise is found by LedersCPR, or
    # without it as the one of the two 12345s who works in Mælkebøtten.
    assert _managers() == {
        ("Mette", "u-solhoj"), ("Mette", "u-kitchen"), ("Niels", "u-nord"), ("Lise", "u-mb"),
    }  # fmt: skip
    for director in ("Tove", "Dan", "Birgit"):
        assert not _user(director).memberships.exists()
    # Dorthe: one person, two engagements (1004, 1006), one membership per engagement, TR
    # by the first of the two rows of "TR, næstformand".
    dorthe = _user("Dorthe")
    assert set(dorthe.memberships.values_list("workplace__code", "role")) == {
        ("u-solhoj", "tr"), ("u-nord", "tr"),
    }  # fmt: skip
    assert (dorthe.email, dorthe.employee_number) == ("dorthe.dahl@kommune.dk", "1004")
    # The SD collision: two people, each with their own name, e-mail and role.
    lise, pernille = _user("Lise"), _user("Pernille")
    assert lise.pk != pernille.pk
    assert (lise.employee_number, pernille.employee_number) == (None, None)  # not theirs alone
    assert set(pernille.memberships.values_list("workplace__code", "role")) == {
        ("u-solhoj", "amir")
    }
    assert set(lise.memberships.values_list("workplace__code", "role")) == {("u-mb", "manager")}
    # An ended and a future engagement keep their dates.
    assert _user("Bo").memberships.get().ends_on == date(2026, 1, 31)
    assert _user("Carl").memberships.get().starts_on == date(2027, 1, 1)
    elder = LocalCommittee.objects.get(code="m-elder")
    assert set(elder.members.values_list("first_name", flat=True)) == {
        "Anne", "Pernille", "Mette", "Dorthe",
    }  # fmt: skip
    children = LocalCommittee.objects.get(code="m-children")
    assert list(children.members.values_list("first_name", flat=True)) == ["Pia"]
    assert User.objects.count() == 13

    capsys.readouterr()
    _import(export, tmp_path)  # the same files again change nothing
    assert all(
        line.split()[0] == "0"
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("      ")
    )
    rows, _problems = os2mo.read_files(export.files())
    assert os2mo.plan(rows).is_empty


def test_a_subtree_export_imports_with_warnings(tmp_path, capsys, settings):
    export = subtree(safetynet_export(), "u-health")
    _import(export, tmp_path)
    out = capsys.readouterr().out
    assert "Forældreafdelingen u-root er ikke med i filen" in out
    assert "Lederen med medarbejdernummer 5000 findes ikke i filen." in out  # Dan's director
    assert "Personen findes ikke i adm-engagements.csv." in out  # Pia, in Børn og Unge
    assert set(Workplace.objects.values_list("code", flat=True)) == {
        "u-solhoj", "u-kitchen", "u-nord",
    }  # fmt: skip
    health = Area.objects.get(code="u-health")
    assert (health.parent.code, health.parent.name) == (None, settings.MUNICIPALITY_NAME)
    assert _managers() == {("Mette", "u-solhoj"), ("Mette", "u-kitchen"), ("Niels", "u-nord")}
    rows, _problems = os2mo.read_files(export.files())
    assert os2mo.plan(rows).is_empty


def test_an_sd_collision_never_merges_people_across_runs(tmp_path):
    _import(safetynet_export(), tmp_path)
    lise = _user("Lise")
    export = safetynet_export()
    export.engagements = [e for e in export.engagements if e["CPR"] != CPR["pernille"]]
    export.med_associations = [a for a in export.med_associations if a["CPR"] != CPR["pernille"]]
    _import(export, tmp_path)

    lise.refresh_from_db()
    pernille = _user("Pernille")
    assert (lise.first_name, lise.email, lise.employee_number) == (
        "Lise", "lise.12345@kommune.dk", "12345",
    )  # fmt: skip
    assert not lise.memberships.filter(role="amir").exists()
    assert not pernille.is_active
    assert pernille.memberships.get().ends_on == date(2026, 11, 25)


def test_a_person_with_a_new_employment_number_is_the_same_person(tmp_path):
    _import(safetynet_export(), tmp_path)
    anne = _user("Anne")
    export = safetynet_export()
    export.engagements[5]["Medarbejdernummer"] = "1011"
    _import(export, tmp_path)
    anne.refresh_from_db()
    assert (anne.employee_number, anne.is_active) == ("1011", True)
    assert User.objects.filter(first_name="Anne").count() == 1
    assert _role("1011", "u-solhoj").role == "amir"


def test_people_imported_before_person_keys_are_recognised_by_employee_number(tmp_path):
    earlier = UserFactory(username="anne-earlier", employee_number="1001")
    _import(safetynet_export(), tmp_path)
    earlier.refresh_from_db()
    assert (earlier.first_name, earlier.person_key) == ("Anne", os2mo.person_key(CPR["anne"]))


def test_hr_keeps_an_area_as_a_workplace_across_runs(tmp_path):
    _import(safetynet_export(), tmp_path)
    Area.objects.filter(code="u-children").update(is_workplace=True)
    _import(safetynet_export(), tmp_path)
    children = Workplace.objects.get(code="u-children")
    assert children.memberships.get().user == _user("Birgit")
    rows, _problems = os2mo.read_files(safetynet_export().files())
    assert os2mo.plan(rows).is_empty
    assert Workplace.objects.filter(code="u-children").exists()


def test_the_import_page_and_the_nightly_import_show_the_same_warnings(
    client, tmp_path, settings, django_capture_on_commit_callbacks
):
    export = safetynet_export()
    client.force_login(UserFactory(username="hr", hr=True))
    fields = {
        n.replace(".csv", "").replace("-", "_"): _file(n, d) for n, d in export.files().items()
    }
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("workplaces:import-start"), fields, follow=True)
    uploaded = ImportBatch.objects.get()
    assert uploaded.status == ImportBatch.Status.PLANNED  # warnings do not block
    html = page.content.decode()
    assert "Springes over – ledige pladser i MED: 1" in html
    for warning in uploaded.report["warnings"]:
        assert warning.replace('"', "&quot;") in html

    settings.OS2MO_IMPORT_FOLDER = str(export.write(tmp_path / "drop"))
    from workplaces.tasks import import_organisation_folder  # noqa: PLC0415

    import_organisation_folder.delay()
    nightly = ImportBatch.objects.exclude(pk=uploaded.pk).get()
    assert nightly.status == ImportBatch.Status.APPLIED
    assert nightly.report["warnings"] == uploaded.report["warnings"]
    assert len(nightly.report["warnings"]) == 3
    assert nightly.report["vacant_seats"] == 1


def test_with_leders_cpr_a_manager_outside_the_file_is_not_someone_with_the_same_number(
    tmp_path, capsys
):
    export = subtree(safetynet_export(manager_cprs=True), "u-health")
    erik = next(e for e in export.engagements if e["Fornavn"] == "Erik")
    # Erik's manager is Lise (12345, in Børn og Unge, outside this export); Pernille in
    # the export is 12345 too, but not the person LedersCPR names.
    erik.update(LedersMedarbejdernummer="12345", LedersCPR=CPR["lise"])
    _import(export, tmp_path)
    assert "linje 10: Lederen med medarbejdernummer 12345 findes ikke i filen." in (
        capsys.readouterr().out
    )
    assert not _user("Pernille").memberships.filter(role="manager").exists()


def test_two_people_with_one_user_name_and_a_shared_number_get_two_accounts(tmp_path):
    export = safetynet_export()
    for engagement in export.engagements:
        if engagement["Medarbejdernummer"] == "12345":
            engagement["Brugernavn"] = "vikar"
    _import(export, tmp_path)
    lise, pernille = _user("Lise"), _user("Pernille")
    assert {lise.username, pernille.username} == {"vikar", f"vikar-{pernille.person_key[:8]}"}
