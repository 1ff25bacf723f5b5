"""The three XML files of a Noark 5 v5.0 extraction, built from plain values (no Frappe).

``extraction`` is a dict:

- ``site``: the system the extraction comes from (seeds the systemIDs, so a record keeps its systemID in
  every package made of it), ``municipality``: the archive creator (arkivskaper);
- ``created`` (datetime) and ``created_by``: when and by whom the package was made;
- ``folder``: the group: ``key``, ``title``, ``public_title``, ``year``, ``sequence``, ``date``
  (the day it was set up), ``unit``, ``responsible``, ``opened``, ``opened_by``, ``closed`` and
  ``closed_by`` (None while open), ``party_name`` and ``party_id`` (the person and fødselsnummer);
- ``entries``: one per document, in order: ``key``, ``title``, ``kind`` (dokumenttype), ``entry_type``
  (journalposttype), ``date`` (the document's date), ``created``, ``created_by``, ``supersedes`` and
  ``superseded_by`` (keys of other entries or None), ``superseded_on``, ``superseded_by_user``,
  ``correction_reason``, ``files``: ``[{"path", "size", "sha256", "created", "original"}]`` (PDF/A-2b
  files; ``original``, when set, is the received file kept beside it in its production format: ``path``,
  ``size``, ``sha256``, ``created``, ``format`` (PRONOM identifier or media type), ``format_details``).

Every folder and entry is screened (``screening``). ``endringslogg`` records each superseded version and
the folder's status; ``addml`` describes every file of the package with its size, checksum and counts.
"""

import uuid

from lxml import etree

from ansvarsgruppe.archive import screening

ARKIVSTRUKTUR_NS = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
ENDRINGSLOGG_NS = "http://www.arkivverket.no/standarder/noark5/endringslogg"
ADDML_NS = "http://www.arkivverket.no/standarder/addml"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

PDFA_2B_PRONOM = "fmt/354"
ARCHIVE_FORMAT, PRODUCTION_FORMAT = "Arkivformat", "Produksjonsformat"
CHECKSUM_ALGORITHM = "SHA256"
FINISHED = "Dokumentet er ferdigstilt"
SUPERSEDED = "Dokumentet er erstattet av en ny versjon"
CASE_OPEN, CASE_CLOSED = "Under behandling", "Avsluttet"
CASE_CREATED = "Opprettet av saksbehandler"
ARCHIVED = "Arkivert"

FILE_NAMES = ("arkivstruktur.xml", "endringslogg.xml")


def system_id(site: str, kind: str, key: str) -> str:
	return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ansvarsgruppe://{site}/{kind}/{key}"))


def _iso(value) -> str:
	return value.isoformat(timespec="seconds") if hasattr(value, "hour") else value.isoformat()


def _add(parent, name: str, text=None, ns: str = ARKIVSTRUKTUR_NS):
	element = etree.SubElement(parent, f"{{{ns}}}{name}")
	if text is not None:
		element.text = (
			text if isinstance(text, str) else _iso(text) if hasattr(text, "isoformat") else str(text)
		)
	return element


def _screening(parent, rule: screening.Screening):
	element = _add(parent, "skjerming")
	_add(element, "tilgangsrestriksjon", rule.access_restriction)
	_add(element, "skjermingshjemmel", rule.legal_basis)
	for metadata in rule.metadata:
		_add(element, "skjermingMetadata", metadata)
	if rule.document:
		_add(element, "skjermingDokument", rule.document)


def _note(parent, text: str, date, by: str):
	element = _add(parent, "merknad")
	_add(element, "merknadstekst", text)
	_add(element, "merknadstype", "Versjon")
	_add(element, "merknadsdato", date)
	_add(element, "merknadRegistrertAv", by)


def _xml(root) -> bytes:
	return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _medium_and_period(element, folder: dict, end, end_by):
	"""The medium and the period of the archive and of its part: both span the folder's life."""
	_add(element, "dokumentmedium", "Elektronisk arkiv")
	_add(element, "opprettetDato", folder["opened"])
	_add(element, "opprettetAv", folder["opened_by"])
	_add(element, "avsluttetDato", end)
	_add(element, "avsluttetAv", end_by)


def arkivstruktur(extraction: dict) -> bytes:
	site, folder, entries = extraction["site"], extraction["folder"], extraction["entries"]
	created, created_by = extraction["created"], extraction["created_by"]
	end = folder["closed"] or created
	end_by = folder["closed_by"] or created_by
	root = etree.Element(f"{{{ARKIVSTRUKTUR_NS}}}arkiv", nsmap={None: ARKIVSTRUKTUR_NS, "xsi": XSI_NS})
	root.set(
		f"{{{XSI_NS}}}schemaLocation",
		f"{ARKIVSTRUKTUR_NS} arkivstruktur.xsd",
	)
	_add(root, "systemID", system_id(site, "arkiv", folder["key"]))
	_add(root, "tittel", f"Ansvarsgrupper, {extraction['municipality']}")
	_add(root, "arkivstatus", "Avsluttet")
	_medium_and_period(root, folder, end, end_by)
	creator = _add(root, "arkivskaper")
	_add(creator, "arkivskaperID", extraction["municipality"])
	_add(creator, "arkivskaperNavn", extraction["municipality"])

	part = _add(root, "arkivdel")
	_add(part, "systemID", system_id(site, "arkivdel", folder["key"]))
	_add(part, "tittel", "Ansvarsgruppe og individuell plan")
	_add(part, "arkivdelstatus", "Avsluttet periode")
	_medium_and_period(part, folder, end, end_by)
	_screening(part, screening.folder_screening())

	mappe = _add(part, "mappe")
	mappe.set(f"{{{XSI_NS}}}type", "saksmappe")
	_add(mappe, "systemID", system_id(site, "mappe", folder["key"]))
	_add(mappe, "mappeID", f"{folder['year']}/{folder['sequence']}")
	_add(mappe, "tittel", folder["title"])
	_add(mappe, "offentligTittel", folder["public_title"])
	_add(mappe, "dokumentmedium", "Elektronisk arkiv")
	_add(mappe, "opprettetDato", folder["opened"])
	_add(mappe, "opprettetAv", folder["opened_by"])
	# The schema wants an end on every folder: an open group's package is a snapshot, ended when it was made
	# (its saksstatus says it is still open).
	_add(mappe, "avsluttetDato", end)
	_add(mappe, "avsluttetAv", end_by)
	person = _add(mappe, "part")
	if folder.get("party_id"):
		_add(person, "partID", folder["party_id"])
	_add(person, "partNavn", folder["party_name"])
	_add(person, "partRolle", "Bruker")
	_screening(mappe, screening.folder_screening())
	by_key = {entry["key"]: number for number, entry in enumerate(entries, start=1)}
	for number, entry in enumerate(entries, start=1):
		_entry(mappe, site, folder, entry, number, by_key, created, created_by)
	_add(mappe, "saksaar", folder["year"])
	_add(mappe, "sakssekvensnummer", folder["sequence"])
	_add(mappe, "saksdato", folder["date"])
	_add(mappe, "administrativEnhet", folder["unit"])
	_add(mappe, "saksansvarlig", folder["responsible"])
	_add(mappe, "saksstatus", CASE_CLOSED if folder["closed"] else CASE_OPEN)
	return _xml(root)


def _entry(mappe, site, folder, entry, number, by_key, archived, archived_by):
	element = _add(mappe, "registrering")
	element.set(f"{{{XSI_NS}}}type", "journalpost")
	_add(element, "systemID", system_id(site, "registrering", entry["key"]))
	_add(element, "opprettetDato", entry["created"])
	_add(element, "opprettetAv", entry["created_by"])
	_add(element, "arkivertDato", archived)
	_add(element, "arkivertAv", archived_by)
	_screening(element, screening.entry_screening())
	superseded = bool(entry.get("superseded_by"))
	for doc_number, file in enumerate(entry["files"], start=1):
		description = _add(element, "dokumentbeskrivelse")
		_add(description, "systemID", system_id(site, "dokumentbeskrivelse", f"{entry['key']}/{doc_number}"))
		_add(description, "dokumenttype", entry["kind"])
		_add(description, "dokumentstatus", SUPERSEDED if superseded else FINISHED)
		_add(description, "tittel", entry["title"])
		_add(description, "opprettetDato", entry["created"])
		_add(description, "opprettetAv", entry["created_by"])
		_add(description, "dokumentmedium", "Elektronisk arkiv")
		_add(description, "tilknyttetRegistreringSom", "Hoveddokument" if doc_number == 1 else "Vedlegg")
		_add(description, "dokumentnummer", doc_number)
		_add(description, "tilknyttetDato", archived)
		_add(description, "tilknyttetAv", archived_by)
		key = f"{entry['key']}/{doc_number}"
		pdfa = {**file, "format": PDFA_2B_PRONOM, "format_details": "PDF/A-2b"}
		_document_object(
			description, system_id(site, "dokumentobjekt", key), ARCHIVE_FORMAT, pdfa, archived_by
		)
		original = file.get("original")
		if original:
			object_id = system_id(site, "dokumentobjekt", f"{key}/original")
			_document_object(description, object_id, PRODUCTION_FORMAT, original, archived_by)
	_add(element, "registreringsID", f"{folder['year']}/{folder['sequence']}-{number}")
	_add(element, "tittel", entry["title"])
	_add(element, "offentligTittel", entry["public_title"])
	_add(element, "dokumentmedium", "Elektronisk arkiv")
	if entry.get("supersedes") in by_key:
		_note(
			element,
			f"Erstatter journalpost {by_key[entry['supersedes']]}: {entry.get('correction_reason') or ''}".strip(),
			entry["created"],
			entry["created_by"],
		)
	if superseded and entry["superseded_by"] in by_key:
		_note(
			element,
			f"Erstattet av journalpost {by_key[entry['superseded_by']]}",
			entry["superseded_on"],
			entry["superseded_by_user"],
		)
	_add(element, "journalaar", folder["year"])
	_add(element, "journalsekvensnummer", number)
	_add(element, "journalpostnummer", number)
	_add(element, "journalposttype", entry["entry_type"])
	_add(element, "journalstatus", ARCHIVED)
	_add(element, "journaldato", entry["date"])
	_add(element, "dokumentetsDato", entry["date"])


def _document_object(description, object_id: str, variant: str, file: dict, created_by: str):
	"""One dokumentobjekt: a file of the document in one variant (archive or production format)."""
	obj = _add(description, "dokumentobjekt")
	_add(obj, "systemID", object_id)
	_add(obj, "versjonsnummer", 1)
	_add(obj, "variantformat", variant)
	_add(obj, "format", file["format"])
	if file.get("format_details"):
		_add(obj, "formatDetaljer", file["format_details"])
	_add(obj, "opprettetDato", file["created"])
	_add(obj, "opprettetAv", created_by)
	_add(obj, "referanseDokumentfil", file["path"])
	_add(obj, "sjekksum", file["sha256"])
	_add(obj, "sjekksumAlgoritme", CHECKSUM_ALGORITHM)
	_add(obj, "filstoerrelse", file["size"])


def endringslogg(extraction: dict) -> bytes:
	"""Each superseded version (its document status), and the folder's status when it was closed or, while
	open, when it was set up. The schema wants at least one change; the folder's status is always one."""
	site, folder = extraction["site"], extraction["folder"]
	root = etree.Element(f"{{{ENDRINGSLOGG_NS}}}endringslogg", nsmap={None: ENDRINGSLOGG_NS, "xsi": XSI_NS})
	root.set(f"{{{XSI_NS}}}schemaLocation", f"{ENDRINGSLOGG_NS} endringslogg.xsd")
	if folder["closed"]:
		_change(
			root,
			system_id(site, "mappe", folder["key"]),
			"M052 saksstatus",
			folder["closed"],
			folder["closed_by"],
			CASE_OPEN,
			CASE_CLOSED,
		)
	else:
		_change(
			root,
			system_id(site, "mappe", folder["key"]),
			"M052 saksstatus",
			folder["opened"],
			folder["opened_by"],
			CASE_CREATED,
			CASE_OPEN,
		)
	for entry in extraction["entries"]:
		if not entry.get("superseded_by"):
			continue
		for doc_number, _file in enumerate(entry["files"], start=1):
			_change(
				root,
				system_id(site, "dokumentbeskrivelse", f"{entry['key']}/{doc_number}"),
				"M054 dokumentstatus",
				entry["superseded_on"],
				entry["superseded_by_user"],
				FINISHED,
				SUPERSEDED,
			)
	return _xml(root)


def _change(root, reference: str, metadata: str, when, by: str, before: str, after: str):
	change = _add(root, "endring", ns=ENDRINGSLOGG_NS)
	for name, value in (
		("referanseArkivenhet", reference),
		("referanseMetadata", metadata),
		("endretDato", when),
		("endretAv", by),
		("tidligereVerdi", before),
		("nyVerdi", after),
	):
		_add(change, name, value, ns=ENDRINGSLOGG_NS)


def counts(extraction: dict) -> dict:
	"""How many of each archive unit the extraction holds (``addml`` states them)."""
	entries = extraction["entries"]
	documents = sum(len(entry["files"]) for entry in entries)
	originals = sum(bool(file.get("original")) for entry in entries for file in entry["files"])
	return {
		"mappe": 1,
		"registrering": len(entries),
		"dokumentbeskrivelse": documents,
		"dokumentobjekt": documents + originals,
		"dokumentfiler": documents + originals,
	}


def _property(parent, name: str, value=None):
	element = _add(parent, "property", ns=ADDML_NS)
	element.set("name", name)
	if value is not None:
		_add(element, "value", str(value), ns=ADDML_NS)
	return element


def _properties(parent):
	return _add(parent, "properties", ns=ADDML_NS)


def _file_object(parent, name: str, path: str, size: int, sha256: str, file_type: str, schema: str | None):
	obj = _add(parent, "dataObject", ns=ADDML_NS)
	obj.set("name", name)
	props = _properties(obj)
	file = _properties(_property(props, "file"))
	_property(file, "name", path)
	_property(file, "type", file_type)
	_property(file, "size", size)
	if schema:
		schema_props = _properties(_property(file, "schema"))
		_property(schema_props, "file", schema)
		_property(schema_props, "type", "XSD")
		_property(schema_props, "version", "5.0")
	checksum = _properties(_property(file, "checksum"))
	_property(checksum, "algorithm", CHECKSUM_ALGORITHM)
	_property(checksum, "value", sha256)
	return obj


def addml(extraction: dict, xml_files: list[dict]) -> bytes:
	"""The package description: the extraction (Noark 5 v5.0, its period), each XML file (``xml_files``:
	``{"path", "size", "sha256"}``) and each document file with its size and checksum, and the counts."""
	folder = extraction["folder"]
	root = etree.Element(f"{{{ADDML_NS}}}addml", nsmap={None: ADDML_NS, "xsi": XSI_NS})
	root.set(f"{{{XSI_NS}}}schemaLocation", f"{ADDML_NS} addml.xsd")
	root.set("name", f"Arkivuttrekk {folder['key']}")
	dataset = _add(root, "dataset", ns=ADDML_NS)
	dataset.set("name", folder["key"])
	_add(dataset, "description", f"Noark 5-arkivuttrekk for {folder['key']}", ns=ADDML_NS)
	reference = _add(dataset, "reference", ns=ADDML_NS)
	context = _add(reference, "context", ns=ADDML_NS)
	elements = _add(context, "additionalElements", ns=ADDML_NS)
	creators = _add(elements, "additionalElement", ns=ADDML_NS)
	creators.set("name", "recordCreators")
	creator = _add(_add(creators, "additionalElements", ns=ADDML_NS), "additionalElement", ns=ADDML_NS)
	creator.set("name", "recordCreator")
	_add(creator, "value", extraction["municipality"], ns=ADDML_NS)
	system = _add(elements, "additionalElement", ns=ADDML_NS)
	system.set("name", "systemName")
	_add(system, "value", "Ansvarsgruppe", ns=ADDML_NS)

	objects = _add(dataset, "dataObjects", ns=ADDML_NS)
	extraction_object = _add(objects, "dataObject", ns=ADDML_NS)
	extraction_object.set("name", "Noark 5 arkivuttrekk")
	props = _properties(extraction_object)
	info = _properties(_property(props, "info"))
	kind = _property(info, "type", "Noark 5")
	_property(_properties(kind), "version", "v5.0")
	period = _properties(_property(info, "period"))
	_property(period, "start", _iso(folder["opened"]))
	_property(period, "end", _iso(folder["closed"] or extraction["created"]))
	occurrences = _properties(_property(info, "numberOfOccurrences"))
	for name, number in counts(extraction).items():
		_property(occurrences, name, number)

	files = _add(extraction_object, "dataObjects", ns=ADDML_NS)
	for xml_file in xml_files:
		name = xml_file["path"].rsplit(".", 1)[0]
		_file_object(
			files, name, xml_file["path"], xml_file["size"], xml_file["sha256"], "XML", f"{name}.xsd"
		)
	documents = _add(files, "dataObject", ns=ADDML_NS)
	documents.set("name", "dokumenter")
	doc_props = _properties(documents)
	_property(
		_properties(_property(doc_props, "info")), "numberOfOccurrences", counts(extraction)["dokumentfiler"]
	)
	document_files = _add(documents, "dataObjects", ns=ADDML_NS)
	for entry in extraction["entries"]:
		for file in entry["files"]:
			_file_object(
				document_files, file["path"], file["path"], file["size"], file["sha256"], "PDF/A-2b", None
			)
			original = file.get("original")
			if original:
				_file_object(
					document_files,
					original["path"],
					original["path"],
					original["size"],
					original["sha256"],
					original.get("format_details") or original["format"],
					None,
				)
	return _xml(root)
