"""The screening (skjerming) every folder and registry entry of a group's package carries.

A responsibility group's records are about one person's health and welfare: all of it is subject to the
duty of confidentiality of the staff who wrote it, so it is exempt from public access under offentleglova
§ 13 (information subject to a statutory duty of confidentiality), for municipal staff through
forvaltningsloven § 13 first paragraph no. 1 (someone's personal matters) and for health personnel
through helsepersonelloven § 21. The whole document is screened, as are the folder's title and the
party's name (the person).
"""

from dataclasses import dataclass

ACCESS_RESTRICTION = "UO"
LEGAL_BASIS = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1 og hpl. § 21"
FOLDER_METADATA = ("Tittel mappe", "Navn part")
ENTRY_METADATA = ("Tittel registrering",)
WHOLE_DOCUMENT = "Hele dokumentet"


@dataclass(frozen=True)
class Screening:
	access_restriction: str
	legal_basis: str
	metadata: tuple
	document: str | None


def folder_screening() -> Screening:
	"""The group's folder: its title and the person as party are screened."""
	return Screening(ACCESS_RESTRICTION, LEGAL_BASIS, FOLDER_METADATA, None)


def entry_screening() -> Screening:
	"""Each registry entry: its title and the whole document."""
	return Screening(ACCESS_RESTRICTION, LEGAL_BASIS, ENTRY_METADATA, WHOLE_DOCUMENT)
