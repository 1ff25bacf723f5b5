def get_context(context):
	# Everything the message needs is in the document and the settings, so an administrator's
	# duplicate of this notification (which has no get_context) renders the same text.
	pass
