"""The family portal: who a Family Portal User acts for, what they may see, and the road of its web forms.

A portal user is linked either as the service user (``Service User.portal_user``) or as one of their
relations (``Service User Relation.portal_user``). They act for a person only while the representation
rules allow it (R1, R4): themselves, a child under the age limit they have parental responsibility
for, or a ward.
"""
