def get_context(context):
	# The message tells only that an answer waits in the portal: no personal data in the e-mail.
	pass
