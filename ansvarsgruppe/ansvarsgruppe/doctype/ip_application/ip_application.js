// R1: the applicant is the service user or one of the service user's own relations.
frappe.ui.form.on("IP Application", relation_picker("applicant_relation"));
