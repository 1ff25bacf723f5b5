"""R4, R11, R18, R19: new versions of final records, without Frappe: a consent's new version and when it
supersedes the old one, corrected minutes replacing what the superseded version wrote into the plan, the
rows a replacement may change in an approved plan, and a received original kept beside its PDF/A page."""

import datetime

from lxml import etree
from test_archive_noark import NS, entry, extraction, schema

from ansvarsgruppe.archive import noark
from ansvarsgruppe.rules import consent, final, plans
from ansvarsgruppe.rules import status as st

DAY = datetime.date(2026, 11, 2)


def test_r4_the_old_consent_is_superseded_when_the_new_version_is_put_in_force():
	assert consent.supersedes_now(st.CONSENT_SIGNED, st.CONSENT_ACTIVE)
	assert not consent.supersedes_now(st.CONSENT_REGISTERED, st.CONSENT_SIGNED)  # signed covers nobody yet
	assert not consent.supersedes_now(st.CONSENT_ACTIVE, st.CONSENT_ACTIVE)
	assert consent.superseded_status(st.CONSENT_ACTIVE) == st.CONSENT_SUPERSEDED
	assert consent.superseded_status(st.CONSENT_SIGNED) == st.CONSENT_SUPERSEDED
	assert consent.superseded_status(st.CONSENT_WITHDRAWN) is None  # a withdrawal stays a withdrawal


def test_r4_a_new_version_names_no_partner_withdrawn_from_the_old_one():
	partners = [{"service_unit": "Skole"}, {"service_unit": "Barnevern", "withdrawn_on": DAY}]
	assert consent.new_version_partners(partners) == [{"service_unit": "Skole"}]


def test_r4_a_superseded_consent_is_final_and_covers_nobody():
	assert final.is_final(final.CONSENT, st.CONSENT_SUPERSEDED)
	old = {"status": st.CONSENT_SUPERSEDED, "case_description": "Skole", "partners": []}
	assert final.final_change_problem(final.CONSENT, old, {**old, "case_description": "Alt"})
	assert final.final_change_problem(final.CONSENT, old, {**old, "status": st.CONSENT_ACTIVE})
	in_force = {"status": st.CONSENT_SUPERSEDED, "valid_from": DAY, "partners": [{"service_unit": "Skole"}]}
	assert consent.covered_units(in_force, DAY) == set()


def test_r11_corrected_minutes_replace_the_evaluations_the_superseded_version_wrote():
	written = [
		{"name": "e1", "reference": "T1", "notes": "Gammel"},
		{"name": "e2", "reference": "T2", "notes": "Fjernet i ny versjon"},
	]
	new = [{"reference": "T1", "notes": "Ny"}, {"reference": "T3", "notes": "Lagt til"}]
	updates, removed, added = plans.replace_evaluations(written, new)
	assert updates == {"e1": {"reference": "T1", "notes": "Ny"}}
	assert removed == ["e2"]
	assert added == [{"reference": "T3", "notes": "Lagt til"}]
	assert plans.replace_evaluations([], new) == ({}, [], new)


def test_r11_a_measure_goes_back_when_the_new_version_no_longer_changes_it():
	superseded = [
		{"measure_id": "T1", "new_status": "Done", "status_before": "Ongoing"},
		{"measure_id": "T2", "new_status": "Done", "status_before": "Ongoing"},
		{"measure_id": "T3", "new_end_date": DAY, "end_date": datetime.date(2026, 12, 1)},
	]
	current = {
		"T1": {"status": "Done"},
		"T2": {"status": "Stopped"},  # changed since: left as it is
		"T3": {"end_date": DAY},
	}
	assert plans.restored_measures(superseded, {"T3": {"end_date"}}, current) == {"T1": {"status": "Ongoing"}}


def test_r11_only_the_rows_a_new_version_replaces_may_change_in_an_approved_plan():
	row = {"name": "e1", "reference": "T1", "notes": "Gammel"}
	before = {"status": final.PLAN_APPROVED, "evaluations": [row]}
	changed = {**before, "evaluations": [{**row, "notes": "Ny"}]}
	removed = {**before, "evaluations": []}
	assert final.changed_fields(final.PLAN, before, changed) == ["evaluations.notes"]
	assert final.changed_fields(final.PLAN, before, removed) == ["evaluations (removed rows)"]
	assert final.changed_fields(final.PLAN, before, changed, {"evaluations": ["e1"]}) == []
	assert final.changed_fields(final.PLAN, before, removed, {"evaluations": ["e1"]}) == []
	assert final.changed_fields(final.PLAN, before, removed, {"evaluations": ["e9"]})


def test_r19_a_received_original_is_a_production_format_object_beside_the_pdfa_page():
	values = extraction()
	received = entry("File/abc", "Mottatt dokument notat.txt")
	received["files"][0]["original"] = {
		"path": "dokumenter/004-notat-original.txt",
		"size": 42,
		"sha256": "cd" * 32,
		"created": received["created"],
		"format": "x-fmt/111",
		"format_details": "TXT",
	}
	values["entries"].append(received)
	root = etree.fromstring(noark.arkivstruktur(values))
	assert schema("arkivstruktur.xsd").validate(root)
	description = root.findall(".//n5:dokumentbeskrivelse", NS)[-1]
	objects = description.findall("n5:dokumentobjekt", NS)
	assert [o.findtext("n5:variantformat", namespaces=NS) for o in objects] == [
		"Arkivformat",
		"Produksjonsformat",
	]
	assert objects[1].findtext("n5:format", namespaces=NS) == "x-fmt/111"
	assert (
		objects[1].findtext("n5:referanseDokumentfil", namespaces=NS) == "dokumenter/004-notat-original.txt"
	)
	assert noark.counts(values)["dokumentobjekt"] == noark.counts(values)["dokumentbeskrivelse"] + 1
	addml = etree.fromstring(noark.addml(values, []))
	assert schema("addml.xsd").validate(addml)
	names = {v.text for v in addml.iterfind(".//a:property[@name='name']/a:value", NS)}
	assert "dokumenter/004-notat-original.txt" in names
