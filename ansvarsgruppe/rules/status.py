"""The stable ``status`` values that each workflow state sets (``update_field``).

Code keys on these, never on workflow state names, so an administrator may rename states freely.
"""

# Responsibility Group
GROUP_PROPOSED, GROUP_APPROVED, GROUP_ACTIVE, GROUP_CLOSED = "Proposed", "Approved", "Active", "Closed"
GROUP_OPEN = (GROUP_PROPOSED, GROUP_APPROVED, GROUP_ACTIVE)

# Group Member
MEMBER_PROPOSED, MEMBER_APPROVED, MEMBER_ACTIVE, MEMBER_ENDED = "Proposed", "Approved", "Active", "Ended"

# Consent
CONSENT_REGISTERED, CONSENT_SIGNED, CONSENT_ACTIVE = "Registered", "Signed", "Active"
CONSENT_WITHDRAWN, CONSENT_EXPIRED = "Withdrawn", "Expired"

# IP Application
APPLICATION_RECEIVED, APPLICATION_DECIDED = "Received", "Decided"
APPLICATION_APPOINTED, APPLICATION_CLOSED, APPLICATION_REJECTED = (
	"Coordinator Appointed",
	"Closed",
	"Rejected",
)
APPLICATION_UNDECIDED = (APPLICATION_RECEIVED,)

# Meeting Minutes
MINUTES_INVITED, MINUTES_DRAFT = "Invited", "Draft"
MINUTES_APPROVED, MINUTES_DISTRIBUTED = "Approved", "Distributed"
MINUTES_FINAL = (MINUTES_APPROVED, MINUTES_DISTRIBUTED)

# Individual Plan
PLAN_DRAFT, PLAN_APPROVED, PLAN_UNDER_REVISION, PLAN_CLOSED = "Draft", "Approved", "Under Revision", "Closed"
