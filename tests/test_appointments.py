"""R2, R3, R5, R16: who appoints a group's coordinator and whom, and nobody gives themselves access."""

from ansvarsgruppe.rules import appointments as ap
from ansvarsgruppe.rules import grants as g
from ansvarsgruppe.rules import groups
from ansvarsgruppe.rules import status as st


def rules(problems) -> list[str]:
	return [p.rule for p in problems]


# R2: the leader of the responsible unit appoints, in the Unit Leader role


def test_r2_only_the_responsible_units_leader_in_the_leader_role_appoints():
	assert ap.appointer_problems("leader@x", "leader@x", unrestricted=False) == []
	assert rules(ap.appointer_problems("other@x", "leader@x", unrestricted=False)) == ["R2"]
	assert rules(ap.appointer_problems("leader@x", "leader@x", False, holds_leader_role=False)) == ["R2"]
	assert rules(ap.appointer_problems("leader@x", None, unrestricted=False)) == ["R2"]
	assert ap.appointer_problems("admin", "leader@x", unrestricted=True) == []


def test_r2_r3_the_appointee_is_an_active_coordinator_and_not_the_appointer():
	assert ap.appointee_problems("leader@x", "kari@x", ["Coordinator"], True, False) == []
	assert rules(ap.appointee_problems("leader@x", None, [], False, False)) == ["R3"]
	assert rules(ap.appointee_problems("leader@x", "per@x", ["Group Participant"], True, False)) == ["R3"]
	assert rules(ap.appointee_problems("leader@x", "kari@x", ["Coordinator"], False, False)) == ["R3"]
	# a leader who is also a coordinator does not appoint themselves: that would give them the family's data
	both = ["Coordinator", "Unit Leader"]
	assert rules(ap.appointee_problems("leader@x", "leader@x", both, True, False)) == ["R2"]
	assert ap.appointee_problems("admin", "admin", both, True, True) == []


def test_r3_r16_replacing_a_coordinator_needs_a_reason_and_an_open_group():
	assert ap.change_problems(st.GROUP_PROPOSED, None, "kari@x", None) == []
	assert rules(ap.change_problems(st.GROUP_ACTIVE, "old@x", "kari@x", " ")) == ["R3"]
	assert ap.change_problems(st.GROUP_ACTIVE, "old@x", "kari@x", "Sykemeldt over lang tid") == []
	assert rules(ap.change_problems(st.GROUP_ACTIVE, "kari@x", "kari@x", "Igjen")) == ["R3"]
	assert rules(ap.change_problems(st.GROUP_CLOSED, "old@x", "kari@x", "Sent")) == ["R16"]


def test_r2_the_recorded_appointments_only_grow_by_the_appointment():
	row = {"name": "a1", "coordinator": "kari@x", "appointed_by": "leader@x", "appointed_on": "2026-12-01"}
	assert ap.rows_kept([row], [dict(row)])
	assert ap.rows_kept([], [])
	assert not ap.rows_kept([row], [])
	assert not ap.rows_kept([row], [row, {**row, "name": "a2"}])
	assert not ap.rows_kept([row], [{**row, "appointed_by": "kari@x"}])
	assert not ap.rows_kept([], [{**row, "name": None}])


def test_r3_every_membership_of_the_old_coordinator_ends():
	current = [
		{"name": "M1", "user": "old@x", "member_role": "Coordinator"},
		{"name": "M2", "user": "old@x", "member_role": "Professional"},
		{"name": "M3", "user": "per@x", "member_role": "Professional"},
	]
	assert groups.coordinator_members_after_change(current, "new@x", "old@x") == (["M1", "M2"], None, True)
	assert groups.coordinator_members_after_change(current, "per@x", "old@x") == (["M1", "M2"], "M3", False)


# R5: the fields that grant access


def test_r5_a_field_is_newly_named_only_when_it_comes_to_name_the_user():
	me = lambda value: value == "me@x"  # noqa: E731
	assert g.newly_named(None, {"user": "me@x"}, "user", me)
	assert g.newly_named({"user": "you@x"}, {"user": "me@x"}, "user", me)
	assert not g.newly_named({"user": "me@x"}, {"user": "me@x"}, "user", me)
	assert not g.newly_named({"user": "me@x"}, {"user": "you@x"}, "user", me)
	assert not g.newly_named(None, {"user": ""}, "user", me)
	# a unit names its leader: moving a record between two units one leads names nobody new
	led = lambda unit: unit in ("School", "Kindergarten")  # noqa: E731
	assert not g.newly_named({"unit": "School"}, {"unit": "Kindergarten"}, "unit", led)
	assert g.newly_named({"unit": "Health"}, {"unit": "School"}, "unit", led)


def test_r5_fixed_fields_keep_their_stored_value():
	assert g.fixed_problems(None, {"owner": "me@x"}, ["owner"]) == []
	assert g.fixed_problems({"owner": "ke@x"}, {"owner": "ke@x"}, ["owner"]) == []
	assert rules(g.fixed_problems({"owner": "ke@x"}, {"owner": "me@x"}, ["owner"])) == ["R5"]
	assert g.changed({"x": None}, {"x": ""}, "x") is False
