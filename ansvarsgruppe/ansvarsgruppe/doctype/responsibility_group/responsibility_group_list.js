// The group list a coordinator scans: status by colour, the next meeting and review; open groups first.
frappe.listview_settings["Responsibility Group"] = {
	add_fields: ["status", "next_meeting_date", "next_review_due", "coordinator"],
	filters: [["status", "in", ["Proposed", "Approved", "Active"]]],
	get_indicator(doc) {
		const today = frappe.datetime.get_today();
		if (doc.status !== "Closed" && doc.next_review_due && doc.next_review_due < today) {
			return [__("Review Overdue"), "red", "next_review_due,<," + today];
		}
		const colours = { Proposed: "orange", Approved: "blue", Active: "green", Closed: "gray" };
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
	onload(listview) {
		// A coordinator opens on the groups they coordinate; the coordinating unit and leaders see all theirs.
		const roles = frappe.user_roles || [];
		const sees_more = ["Coordinating Unit", "Unit Leader", "System Manager"].some((r) => roles.includes(r));
		if (roles.includes("Coordinator") && !sees_more && !frappe.route_options) {
			listview.filter_area.add([["Responsibility Group", "coordinator", "=", frappe.session.user]]);
		}
	},
};
