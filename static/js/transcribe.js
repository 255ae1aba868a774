// Bilag 5, transcribing paper notes by keyboard alone: Enter on a colour saves the note,
// as Enter in the text field does.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.key !== "Enter" || !(target instanceof HTMLInputElement) || target.type !== "radio") {
    return;
  }
  const form = target.closest("form[data-transcribe]");
  if (form) {
    event.preventDefault();
    form.requestSubmit();
  }
});
