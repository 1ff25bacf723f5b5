// Meetings by stage, with minutes past their due date in red (the deadline in the settings).
frappe.listview_settings["Meeting Minutes"] = {
	add_fields: ["status", "meeting_date", "minutes_due_date"],
	get_indicator(doc) {
		const today = frappe.datetime.get_today();
		const final = ["Approved", "Distributed"].includes(doc.status);
		if (!final && doc.minutes_due_date && doc.minutes_due_date < today) {
			return [__("Minutes Overdue"), "red", "minutes_due_date,<," + today];
		}
		if (doc.status === "Invited" && doc.meeting_date && doc.meeting_date <= today) {
			return [__("Minutes to Write"), "orange", "status,=,Invited"];
		}
		const colours = { Invited: "blue", Draft: "orange", Approved: "green", Distributed: "green" };
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
