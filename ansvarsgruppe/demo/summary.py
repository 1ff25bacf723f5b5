"""What the demo generator prints when it is done."""

import frappe

from ansvarsgruppe.demo.data import DEMO_DOCTYPES

# --- Summary -------------------------------------------------------------------------------------------


def print_table(title: str, rows: list[tuple]):
	widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
	print(f"\n{title}:")
	for i, row in enumerate(rows):
		print("  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
		if i == 0:
			print("  " + "  ".join("-" * w for w in widths))


def print_summary(users, generated_password: str | None, families=()):
	rows = [("E-mail", "Name", "Roles", "Unit")]
	rows += [(email, name, ", ".join(roles), unit or "") for email, name, _title, roles, unit in users]
	print_table(f"Demo users ({len(users)}), language Norwegian", rows)
	if families:
		rows = [("E-mail", "Name", "Acts as", "For service user")] + list(families)
		print_table(
			f"Family portal users ({len(families)}), log in at /login, then /mine-ansvarsgrupper", rows
		)
	if generated_password:
		print(f"\nPassword for every demo user (generated): {generated_password}")
	print("\nRecords:")
	for doctype in ("Service Unit", *DEMO_DOCTYPES):
		print(f"  {doctype:<22} {frappe.db.count(doctype):>8}")
	for label, doctype, field in (
		("groups by status", "Responsibility Group", "status"),
		("applications by status", "IP Application", "status"),
		("minutes by status", "Meeting Minutes", "status"),
		("minutes by type", "Meeting Minutes", "meeting_type"),
		("consents by status", "Consent", "status"),
	):
		counts = frappe.get_all(doctype, fields=[field, "count(*) as n"], group_by=field, order_by=field)
		print(f"  {label}: " + ", ".join(f"{c[field]} {c.n}" for c in counts))
