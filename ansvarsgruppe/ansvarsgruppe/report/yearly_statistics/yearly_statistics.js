// R17: the municipality's yearly figures (counts only), for the coordinating unit and the Local Administrator.
frappe.query_reports["Yearly Statistics"] = {
	filters: [
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
			reqd: 1,
		},
	],
};
