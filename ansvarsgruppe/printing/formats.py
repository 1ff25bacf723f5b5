"""The print formats the app ships (``ansvarsgruppe/print_format/``), and the language they print in."""

PRINT_LANGUAGE = "no"

CONSENT_FORMAT = "Samtykkeerklæring"
INVITATION_FORMAT = "Innkalling"
MINUTES_FORMAT = "Møtereferat"
APPLICATION_FORMAT = "Søknad om individuell plan og koordinator"
ANSWER_FORMAT = "Svar på søknad om individuell plan og koordinator"
PLAN_FORMAT = "Individuell plan"

# print format: (DocType, short title for the page footer)
PRINT_FORMATS = {
	CONSENT_FORMAT: ("Consent", "Samtykkeerklæring"),
	INVITATION_FORMAT: ("Meeting Minutes", "Innkalling"),
	MINUTES_FORMAT: ("Meeting Minutes", "Møtereferat"),
	APPLICATION_FORMAT: ("IP Application", "Søknad om IP/koordinator"),
	PLAN_FORMAT: ("Individual Plan", "Individuell plan"),
	ANSWER_FORMAT: ("IP Application", "Svar på søknad"),
}
