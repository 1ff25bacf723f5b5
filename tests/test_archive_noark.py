"""R19: the Noark 5 v5.0 XML of an archive package, built from plain values and validated against
Arkivverket's own schemas (``ansvarsgruppe/tests/noark5/``, as Arkade 5 ships them)."""

import datetime
from pathlib import Path

import pytest
from lxml import etree

from ansvarsgruppe.archive import noark, screening

SCHEMAS = Path(__file__).resolve().parents[1] / "ansvarsgruppe" / "tests" / "noark5"
NS = {"n5": noark.ARKIVSTRUKTUR_NS, "e": noark.ENDRINGSLOGG_NS, "a": noark.ADDML_NS}
WHEN = datetime.datetime(2026, 11, 30, 14, 5, 0)


def schema(name: str) -> etree.XMLSchema:
	return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def file(path: str, size: int = 1234) -> dict:
	return {"path": path, "size": size, "sha256": "ab" * 32, "created": WHEN}


def entry(key: str, title: str, **extra) -> dict:
	return {
		"key": key,
		"title": title,
		"public_title": "Møtereferat",
		"kind": "Møtereferat",
		"entry_type": "Organinternt dokument uten oppfølging",
		"date": datetime.date(2026, 3, 1),
		"created": WHEN,
		"created_by": "Kari Koordinator",
		"files": [file(f"dokumenter/{key.replace('/', '-')}.pdf")],
		**extra,
	}


def extraction(closed: bool = True) -> dict:
	return {
		"site": "kommune.example",
		"municipality": "Eksempel kommune",
		"created": WHEN,
		"created_by": "Arne Arkiv",
		"folder": {
			"key": "GRP-2026-0007",
			"title": "Ansvarsgruppe GRP-2026-0007 for Kari Nordmann",
			"public_title": "Ansvarsgruppe",
			"year": 2026,
			"sequence": 7,
			"date": datetime.date(2026, 1, 10),
			"unit": "Skole Sentrum",
			"responsible": "Kari Koordinator",
			"opened": datetime.datetime(2026, 1, 10, 9, 0),
			"opened_by": "Kari Koordinator",
			"closed": WHEN if closed else None,
			"closed_by": "Kari Koordinator" if closed else None,
			"party_name": "Kari Nordmann",
			"party_id": "17051400123",
		},
		"entries": [
			entry(
				"Individual Plan/PLAN-1",
				"Individuell plan PLAN-1",
				superseded_by="Individual Plan/PLAN-2",
				superseded_on=WHEN,
				superseded_by_user="Kari Koordinator",
			),
			entry(
				"Individual Plan/PLAN-2",
				"Individuell plan PLAN-2",
				supersedes="Individual Plan/PLAN-1",
				correction_reason="Feil ansvarlig for tiltak T2",
			),
			entry("Meeting Minutes/MIN-1", "Møtereferat MIN-1"),
		],
	}


def test_r19_arkivstruktur_validates_and_every_folder_and_entry_is_screened():
	xml = noark.arkivstruktur(extraction())
	document = etree.fromstring(xml)
	schema("arkivstruktur.xsd").assertValid(document)
	folders = document.findall(".//n5:mappe", NS)
	entries = document.findall(".//n5:registrering", NS)
	assert len(folders) == 1 and len(entries) == 3
	for unit in [*folders, *entries]:
		assert (
			unit.findtext("n5:skjerming/n5:tilgangsrestriksjon", namespaces=NS)
			== screening.ACCESS_RESTRICTION
		)
		assert unit.findtext("n5:skjerming/n5:skjermingshjemmel", namespaces=NS) == screening.LEGAL_BASIS
	assert folders[0].findtext("n5:part/n5:partID", namespaces=NS) == "17051400123"
	assert folders[0].findtext("n5:saksstatus", namespaces=NS) == noark.CASE_CLOSED


def test_r19_an_open_group_validates_too():
	ext = extraction(closed=False)
	schema("arkivstruktur.xsd").assertValid(etree.fromstring(noark.arkivstruktur(ext)))
	log = etree.fromstring(noark.endringslogg(ext))
	schema("endringslogg.xsd").assertValid(log)
	assert log.findtext(".//e:nyVerdi", namespaces=NS) == noark.CASE_OPEN


def test_r19_system_ids_are_stable_uuids_per_record():
	first = etree.fromstring(noark.arkivstruktur(extraction()))
	second = etree.fromstring(noark.arkivstruktur(extraction()))
	ids = [e.text for e in first.iter(f"{{{noark.ARKIVSTRUKTUR_NS}}}systemID")]
	assert ids == [e.text for e in second.iter(f"{{{noark.ARKIVSTRUKTUR_NS}}}systemID")]
	assert len(ids) == len(set(ids))


def test_r19_endringslogg_records_the_superseded_version_and_the_closing():
	ext = extraction()
	log = etree.fromstring(noark.endringslogg(ext))
	schema("endringslogg.xsd").assertValid(log)
	changes = log.findall("e:endring", NS)
	references = {c.findtext("e:referanseArkivenhet", namespaces=NS) for c in changes}
	assert noark.system_id("kommune.example", "dokumentbeskrivelse", "Individual Plan/PLAN-1/1") in references
	assert noark.system_id("kommune.example", "mappe", "GRP-2026-0007") in references
	assert len(changes) == 2  # the closing and the one superseded document


def test_r19_superseded_and_superseding_entries_name_each_other():
	document = etree.fromstring(noark.arkivstruktur(extraction()))
	old, new, _minutes = document.findall(".//n5:registrering", NS)
	assert "Erstattet av journalpost 2" in old.findtext("n5:merknad/n5:merknadstekst", namespaces=NS)
	assert "Erstatter journalpost 1" in new.findtext("n5:merknad/n5:merknadstekst", namespaces=NS)
	assert old.findtext(".//n5:dokumentstatus", namespaces=NS) == noark.SUPERSEDED


def test_r19_addml_validates_and_counts_the_files():
	ext = extraction()
	xml_files = [{"path": name, "size": 10, "sha256": "cd" * 32} for name in noark.FILE_NAMES]
	document = etree.fromstring(noark.addml(ext, xml_files))
	schema("addml.xsd").assertValid(document)
	occurrences = {
		p.get("name"): p.findtext("a:value", namespaces=NS)
		for p in document.findall(".//a:property[@name='numberOfOccurrences']/a:properties/a:property", NS)
	}
	assert occurrences["registrering"] == "3"
	assert occurrences["dokumentfiler"] == "3"
	names = {
		p.findtext("a:value", namespaces=NS)
		for p in document.findall(".//a:property[@name='file']/a:properties/a:property[@name='name']", NS)
	}
	assert names == {*noark.FILE_NAMES, *(f["path"] for e in ext["entries"] for f in e["files"])}


@pytest.mark.parametrize("closed", [True, False])
def test_r19_the_schemas_refuse_a_broken_extraction(closed):
	ext = extraction(closed)
	document = etree.fromstring(noark.arkivstruktur(ext))
	document.find(".//n5:registrering/n5:skjerming/n5:skjermingshjemmel", NS).getparent().clear()
	assert not schema("arkivstruktur.xsd").validate(document)
