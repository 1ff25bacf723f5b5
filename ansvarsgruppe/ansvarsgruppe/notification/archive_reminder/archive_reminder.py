def get_context(context):
	# Everything the message needs is in the document, so an administrator's duplicate of this
	# notification (which has no get_context) renders the same text.
	pass
