def get_context(context):
	# The message needs only the document: its reference and a link, no personal data.
	pass
