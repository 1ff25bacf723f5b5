"""The app's roles, made at install (``ansvarsgruppe/setup/install.py``): the staff's desk roles and the
family's portal role."""

DESK_ROLES = (
	"Coordinating Unit",
	"Unit Leader",
	"Coordinator",
	"Group Participant",
	# the municipality's own administrator of the tool: archives groups, reopens closed ones (R16, R19)
	"Local Administrator",
	# archive staff: read the groups' archive packages, never the live records (R19)
	"Archive",
)
PORTAL_ROLE = "Family Portal User"
