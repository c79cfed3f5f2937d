"""The demo users; created only by the demo loader, never in production."""

from django.contrib.auth.models import Group, User

from catalog.models import Amt, Benutzerprofil

DEMO_PASSWORD = "OZG-Demo-2026"  # noqa: S105 - printed by `make demo`, demo databases only
DEMO_DOMAIN = "wiesbaden.example"  # an example domain (RFC 2606): the reminders of the demo reach nobody

DEMO_USERS = [
    # username, first name, last name, group, staff?, Amt
    ("redaktion", "Rita", "Redaktion", "Redaktion Amt 15", True, 15),
    ("amtsleitung33", "Anton", "Amtsleitung (Amt 33)", "Amtsleitung", False, 33),
    ("amtsleitung51", "Berta", "Amtsleitung (Amt 51)", "Amtsleitung", False, 51),
    ("leitung", "Lena", "Verwaltungsführung", "Verwaltungsführung", False, None),
]


def ensure_demo_users() -> list[tuple[str, str]]:
    """Create or reset the demo users; returns (username, description) for the printout."""
    lines = []
    for username, first, last, group_name, staff, amt_nummer in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.is_staff, user.is_active = first, last, staff, True
        user.email = f"{username}@{DEMO_DOMAIN}"
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        amt = Amt.objects.filter(nummer=amt_nummer).first() if amt_nummer else None
        Benutzerprofil.objects.update_or_create(user=user, defaults={"amt": amt})
        lines.append((username, group_name + (f", Amt {amt_nummer}" if amt_nummer else "")))
    return lines
