"""The shipped alert Notifications, read from their files (no Frappe needed)."""

import json
from pathlib import Path

NOTIFICATIONS = Path(__file__).resolve().parents[1] / "ansvarsgruppe" / "ansvarsgruppe" / "notification"


def notification(name: str) -> dict:
	folder = NOTIFICATIONS / name.lower().replace(" ", "_").replace("-", "_")
	doc = json.loads((folder / f"{folder.name}.json").read_text())
	doc["html"] = (folder / f"{folder.name}.html").read_text()
	return doc


def timing(note: dict) -> tuple:
	"""When a Notification fires: (event, the date field it counts from, days in advance or after)."""
	return note["event"], note["date_changed"], note["days_in_advance"]
