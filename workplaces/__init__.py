"""Organisation: workplaces, committees, people, roles and who may do what (access.py)."""
