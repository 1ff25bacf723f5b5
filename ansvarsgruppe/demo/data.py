"""The demo municipality's fixed material: units and staff, the pattern of cases, names, profiles and texts."""

from ansvarsgruppe.rules import status as st

DEMO_DOMAIN = "demo.ansvarsgruppe.invalid"  # a reserved top-level domain: no e-mail can reach anyone
MUNICIPALITY = "Fjordvik kommune"
SETTINGS = "Ansvarsgruppe Settings"
VALIDATED_CASES = 24  # a demo of 20 groups goes entirely through the controllers
BULK_BATCH = 500

KE, UNIT_LEADER, COORDINATOR, PARTICIPANT = (
	"Coordinating Unit",
	"Unit Leader",
	"Coordinator",
	"Group Participant",
)
LOCAL_ADMINISTRATOR, ARCHIVE = "Local Administrator", "Archive"

# Unit, agency type, leader, coordinator (units that take the coordinator role) and the staff who sit in
# groups. Every person is (name, job title).
UNITS = (
	(
		"Helsestasjon Sentrum",
		"Internal",
		("Randi Haugen", "Enhetsleder"),
		("Silje Nordahl", "Helsesykepleier"),
		(("Mona Eriksen", "Helsesykepleier"),),
	),
	(
		"Bjørkelund skole",
		"Internal",
		("Geir Solberg", "Rektor"),
		("Ingrid Bakken", "Spesialpedagog"),
		(("Per Lien", "Kontaktlærer"), ("Hilde Moe", "Sosiallærer")),
	),
	(
		"Hjemmetjenesten Nord",
		"Internal",
		("Tone Myhre", "Enhetsleder"),
		("Lars Kristiansen", "Sykepleier"),
		(("Fatima Ali", "Helsefagarbeider"),),
	),
	(
		"Barneverntjenesten",
		"Internal",
		("Knut Halvorsen", "Barnevernleder"),
		("Camilla Strand", "Barnevernspedagog"),
		(("Jonas Berge", "Saksbehandler"),),
	),
	(
		"Fastlegekontoret Torget",
		"Internal",
		("Anders Lunde", "Medisinsk ansvarlig lege"),
		None,
		(("Marianne Holm", "Fastlege"),),
	),
	(
		"PPT",
		"Internal",
		("Elin Sæther", "PPT-leder"),
		("Thomas Aas", "PP-rådgiver"),
		(("Kristin Dahl", "PP-rådgiver"),),
	),
	(
		"NAV Sentrum",
		"Internal",
		("Morten Iversen", "NAV-leder"),
		("Hanne Jacobsen", "Veileder"),
		(("Ahmed Hussain", "Veileder"),),
	),
	(
		"Avlastningsboligen",
		"Internal",
		("Berit Amundsen", "Avdelingsleder"),
		("Espen Nygård", "Miljøterapeut"),
		(("Ida Sørensen", "Vernepleier"),),
	),
	(
		"Psykisk helse og rus",
		"Internal",
		("Svein Johansen", "Enhetsleder"),
		("Marte Lie", "Psykiatrisk sykepleier"),
		(("Eirik Paulsen", "Ruskonsulent"),),
	),
	(
		"Fysio- og ergoterapi",
		"Internal",
		("Liv Gundersen", "Fagleder"),
		None,
		(("Kjetil Moen", "Fysioterapeut"), ("Sara Nguyen", "Ergoterapeut")),
	),
	(
		"Solsikken barnehage",
		"Internal",
		("Anne Karlsen", "Styrer"),
		None,
		(("Maria Kowalska", "Pedagogisk leder"),),
	),
	(
		"BUP (ekstern)",
		"External",
		("Hans Eide", "Seksjonsleder"),
		None,
		(("Nina Solheim", "Psykologspesialist"),),
	),
)
KE_STAFF = (("Turid Aasen", "Leder, koordinerende enhet"), ("Ola Bergstrøm", "Rådgiver, koordinerende enhet"))
# The municipality's administrator of the tool (archives and reopens groups) and its archive staff (read the
# archive packages only): (name, job title, role).
ADMINISTRATION_STAFF = (
	("Hege Lund", "Lokal administrator, fagsystem", LOCAL_ADMINISTRATOR),
	("Rune Berg", "Arkivleder", ARCHIVE),
)

# What kind of case comes next, repeating every 20 cases: a group status, or an application that has not
# (yet) led to a group. Six groups already show every group status and every application status.
CASE_PATTERN = (
	st.GROUP_ACTIVE,
	st.APPLICATION_RECEIVED,
	st.GROUP_APPROVED,
	st.GROUP_CLOSED,
	st.APPLICATION_DECIDED,
	st.GROUP_PROPOSED,
	st.GROUP_ACTIVE,
	st.APPLICATION_REJECTED,
	st.GROUP_ACTIVE,
	st.GROUP_CLOSED,
	st.GROUP_ACTIVE,
	st.GROUP_APPROVED,
	st.GROUP_ACTIVE,
	st.GROUP_PROPOSED,
	st.GROUP_ACTIVE,
	st.GROUP_CLOSED,
	st.GROUP_ACTIVE,
	st.GROUP_APPROVED,
	st.GROUP_ACTIVE,
	st.GROUP_ACTIVE,
)
GROUP_STATUSES = (st.GROUP_PROPOSED, st.GROUP_APPROVED, st.GROUP_ACTIVE, st.GROUP_CLOSED)

# The life cycle of each DocType's status; a document reaches a status by every step before it. A
# status outside the chain (a rejected application) is one step from the first.
LIFE_CYCLE = {
	"IP Application": (
		st.APPLICATION_RECEIVED,
		st.APPLICATION_DECIDED,
		st.APPLICATION_APPOINTED,
		st.APPLICATION_CLOSED,
	),
	"Consent": (st.CONSENT_REGISTERED, st.CONSENT_SIGNED, st.CONSENT_ACTIVE, st.CONSENT_EXPIRED),
	"Responsibility Group": GROUP_STATUSES,
	"Group Member": (st.MEMBER_PROPOSED, st.MEMBER_APPROVED, st.MEMBER_ACTIVE, st.MEMBER_ENDED),
	"Meeting Minutes": (st.MINUTES_INVITED, st.MINUTES_DRAFT, st.MINUTES_APPROVED, st.MINUTES_DISTRIBUTED),
}
DEMO_DOCTYPES = (
	"Service User",
	"Consent",
	"IP Application",
	"Responsibility Group",
	"Group Member",
	"Meeting Minutes",
	"Individual Plan",
)
PLAN_MEASURES = (
	"Fysioterapi med øvelser for styrke og balanse",
	"Tilrettelagt undervisning i lesing og skriving",
	"Avlastning to helger i måneden",
	"Samtaler om søvn, mat og aktivitet",
	"Støttekontakt til fritidsaktivitet",
	"Opplæring i bruk av hjelpemidler",
	"Oppfølging av medisiner og helsesjekk",
)

GIRLS = "Emma Nora Olivia Ella Sofie Leah Frida Ingrid Maja Sara Astrid Selma Hedda Tiril Amalie Vilde Aurora Thea Mia Live Linnea Hanna Julie Ida Mathilde Iben Alma Eva Jenny Amina".split()
BOYS = "Jakob Emil Noah Oliver Filip William Lucas Liam Henrik Oskar Aksel Theodor Elias Isak Johannes Magnus Mathias Tobias Sander Jonas Ludvig Kasper Adrian Håkon Sigurd Even Vetle Ali Mohammed Leon".split()
WOMEN = "Kari Anne Inger Liv Berit Marit Hilde Randi Tone Silje Camilla Ida Marte Kristin Hanne Elin Nina Monica Heidi Ragnhild Solveig Gunn Bente Wenche Trine Line Maria Aisha Agnieszka Sigrid".split()
MEN = "Ole Per Jan Lars Knut Arne Bjørn Geir Terje Svein Rune Tor Morten Espen Thomas Anders Kjetil Stian Eirik Odd Hans Trond Rolf Tore Frode Jon Kristian Tomasz Hassan Nils".split()
SURNAMES = (
	"Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen"
	" Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund"
	" Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen"
	" Bakken Kristoffersen Mathisen Lie Rasmussen Amundsen Lunde Bakke Berge Moe Nygård Fredriksen"
	" Solheim Holm Lien Hauge Knudsen Evensen Sæther Aas Myhre Ali Ahmed Nguyen Kowalski Hussain Rønning"
	" Tveit Vik Brekke Fjeld Aasen Ødegård Stene"
).split()
STREETS = (
	"Storgata Kirkegata Skoleveien Bjørkelundveien Torggata Fjordgata Solsikkeveien Granveien Furuveien"
	" Eikeveien Lindeveien Nygata Havnegata Bakkeveien Åsveien Strandveien Myrveien Kongens gate"
).split(" ")

# Who the person is: age range, the units that may hold the coordinator role, the other partners, and
# what the application says.
PROFILES = {
	"toddler": (
		(1, 5),
		("Helsestasjon Sentrum",),
		(
			"Solsikken barnehage",
			"Fysio- og ergoterapi",
			"Fastlegekontoret Torget",
			"Avlastningsboligen",
			"PPT",
		),
		(
			"Barnet har en medfødt muskelsykdom og trenger fysioterapi, tilrettelegging i barnehagen og avlastning.",
			"Barnet har forsinket språkutvikling og epilepsi; foreldrene ønsker én fast kontaktperson.",
			"For tidlig født barn med behov for tett oppfølging fra helsestasjon, fysioterapeut og barnehage.",
		),
	),
	"school": (
		(6, 15),
		("Bjørkelund skole", "PPT", "Barneverntjenesten"),
		(
			"Bjørkelund skole",
			"PPT",
			"BUP (ekstern)",
			"Helsestasjon Sentrum",
			"Fastlegekontoret Torget",
			"Avlastningsboligen",
			"Barneverntjenesten",
		),
		(
			"Eleven har ADHD og lese- og skrivevansker og trenger samordning mellom skole, PPT og BUP.",
			"Barnet har autisme og trenger en tilrettelagt skoledag, avlastning og veiledning til foreldrene.",
			"Barnet har en kronisk sykdom med mye fravær og trenger en plan for skole, helse og fritid.",
			"Familien trenger samordnet hjelp etter en bekymringsmelding; barnet strever med trivsel og skole.",
		),
	),
	"youth": (
		(16, 17),
		("Barneverntjenesten", "Psykisk helse og rus"),
		(
			"BUP (ekstern)",
			"NAV Sentrum",
			"Fastlegekontoret Torget",
			"Psykisk helse og rus",
			"Barneverntjenesten",
		),
		(
			"Ungdommen har angst og skolevegring og trenger samordning mellom BUP, barnevern og skole.",
			"Ungdom i fosterhjem som trenger en planlagt overgang til voksentjenester og ettervern.",
			"Ungdommen har rusproblemer og psykiske plager og trenger koordinerte tiltak fra flere instanser.",
		),
	),
	"adult": (
		(23, 66),
		("NAV Sentrum", "Psykisk helse og rus", "Hjemmetjenesten Nord"),
		(
			"Fastlegekontoret Torget",
			"NAV Sentrum",
			"Psykisk helse og rus",
			"Fysio- og ergoterapi",
			"Hjemmetjenesten Nord",
		),
		(
			"Langvarig psykisk lidelse og rusutfordringer; trenger samordning av bolig, arbeid og behandling.",
			"Har hatt hjerneslag og trenger koordinert rehabilitering, hjemmetjenester og oppfølging mot arbeid.",
			"Kronisk smertetilstand og sykmeldt; trenger samordnet oppfølging fra fastlege, NAV og fysioterapeut.",
		),
	),
	"disabled_adult": (
		(19, 50),
		("Avlastningsboligen", "Hjemmetjenesten Nord"),
		(
			"Fastlegekontoret Torget",
			"Fysio- og ergoterapi",
			"NAV Sentrum",
			"Hjemmetjenesten Nord",
			"Avlastningsboligen",
		),
		(
			"Har utviklingshemming og trenger samordnet bistand til bolig, dagaktivitet og helsetjenester.",
			"Har cerebral parese og trenger koordinerte tjenester for hjelpemidler, avlastning og arbeid.",
		),
	),
	"elderly": (
		(67, 92),
		("Hjemmetjenesten Nord",),
		("Fastlegekontoret Torget", "Fysio- og ergoterapi", "Psykisk helse og rus"),
		(
			"Begynnende demens og bor alene; trenger samordning av hjemmetjenester, fastlege og pårørende.",
			"KOLS og hjertesvikt med hyppige innleggelser; trenger koordinert oppfølging hjemme.",
		),
	),
}
PROFILE_WEIGHTS = {"toddler": 15, "school": 30, "youth": 10, "adult": 20, "disabled_adult": 15, "elderly": 10}
REJECTION_REASONS = (
	"Behovet for langvarige og koordinerte tjenester er ikke dokumentert; søker er veiledet om andre tiltak.",
	"Søker mottar bare én tjeneste, og behovet kan dekkes av den enheten alene.",
)
CLOSING_REASONS = (
	"Målene i den individuelle planen er nådd; enhetene følger opp hver for seg.",
	"Familien har flyttet til en annen kommune, og saken er overført dit.",
	"Brukeren ønsker ikke lenger ansvarsgruppe.",
	"Overgangen er gjennomført, og det nye tjenestetilbudet har egen oppfølging.",
)
ACTIONS = (
	"Oppdatere den individuelle planen med nye mål og tiltak",
	"Sende søknad om avlastning for neste halvår",
	"Innhente oppdatert uttalelse fra fastlegen",
	"Vurdere behov for hjelpemidler i hjemmet",
	"Kartlegge behov for støttekontakt",
	"Følge opp søknad om arbeidsavklaringspenger",
	"Avtale besøk i ny skole eller barnehage før overgangen",
	"Planlegge fritidsaktivitet sammen med familien",
)
STATUS_NOTES = (
	"Det går bedre hjemme og i hverdagen.",
	"Tiltakene virker, men søvn og dagsrytme er fortsatt krevende.",
	"Samarbeidet mellom enhetene fungerer godt.",
	"Det er behov for å justere målene i planen.",
	"Fraværet har gått ned siden forrige møte.",
)
CONCLUSIONS = (
	"Tiltakene videreføres. Koordinator oppdaterer planen før neste møte.",
	"Gruppen er enig om nye delmål; ansvar fram til neste møte står i tiltakslisten.",
	"Situasjonen er stabil. Tiltakene videreføres uendret.",
)
PLACES = ("Møterom Fjord, rådhuset", "Digitalt møte (Teams)", "Møterommet på {unit}", "Hjemme hos familien")
