// The meeting calendar: only the meetings the user may read (the server's row-level rules decide).
frappe.views.calendar["Meeting Minutes"] = {
	field_map: {
		start: "start",
		end: "end",
		id: "name",
		title: "title",
		allDay: "all_day",
		status: "status",
	},
	style_map: {
		Invited: "info",
		Draft: "warning",
		Approved: "success",
		Distributed: "success",
	},
	order_by: "meeting_date",
	get_events_method: "ansvarsgruppe.api.home.get_meeting_events",
};
