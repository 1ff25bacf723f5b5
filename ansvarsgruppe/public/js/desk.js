// Desk fixes for the Norwegian time format (HH:mm, without seconds).
// Frappe v15's time control hides the seconds slider of its picker without checking that the picker
// made one; with a time format without seconds it made none, and every form with a Time field broke.
frappe.provide("frappe.ui.form");
if (frappe.ui.form.ControlTime) {
	frappe.ui.form.ControlTime.prototype.set_datepicker = function () {
		this.$input.datepicker(this.datepicker_options);
		this.datepicker = this.$input.data("datepicker");
		this.datepicker.$datepicker.find('[data-action="today"]').click(() => {
			this.datepicker.selectDate(frappe.datetime.now_time(true));
			this.datepicker.hide();
		});
		const $tp = this.datepicker.timepicker;
		if (this.datepicker.opts.timeFormat.indexOf("s") == -1 && $tp && $tp.$seconds) {
			$tp.$seconds.parent().css("display", "none");
			$tp.$secondsText.css("display", "none");
			$tp.$secondsText.prev().css("display", "none");
		}
	};
}

// Final records stay as they were (the server refuses changes): approved minutes, a signed consent, an
// approved or closed plan, a closed group and its minutes and plan. Called from the form's refresh: the
// form is shown read-only with a note saying why and how a change is made, and without a Save button.
frappe.provide("ansvarsgruppe");
ansvarsgruppe.show_final_as_read_only = function (frm, intro) {
	frm.set_intro(intro, "blue");
	for (const df of frm.meta.fields) {
		if (!frappe.model.layout_fields.includes(df.fieldtype)) {
			frm.set_df_property(df.fieldname, "read_only", 1);
		}
	}
	frm.disable_save();
};

// The timeline names a changed field's values as stored ("from Signed to Active", "from null to …"); the
// form shows a choice's value in the user's language, so the timeline does too, and an empty value as such. Frappe's timeline class is not
// exported, so its prototype is reached through the first form's timeline.
$(document).on("form-refresh", (event, frm) => {
	const timeline = frm.timeline;
	const proto = timeline && Object.getPrototypeOf(timeline);
	if (!proto || !proto.get_version_timeline_contents || proto.get_version_timeline_contents.translates_choices) {
		return;
	}
	const contents = proto.get_version_timeline_contents;
	proto.get_version_timeline_contents = function () {
		const choices = new Set();
		for (const df of this.frm.meta.fields) {
			if (df.fieldtype === "Select" && typeof df.options === "string") {
				(df.options || "").split("\n").forEach((option) => option && choices.add(option));
			}
		}
		return contents.call(this).map((item) => ({
			...item,
			content: item.content.replace(/<b>([^<]*)<\/b>/g, (bold, value) => {
				if (value === "null") {
					return `<b>${__("(empty)")}</b>`;
				}
				return choices.has(value) ? `<b>${frappe.utils.escape_html(__(value))}</b>` : bold;
			}),
		}));
	};
	proto.get_version_timeline_contents.translates_choices = true;
	timeline.refresh();
});

// The form's breadcrumb names the record by its title (the person, the group), never by its number:
// Frappe writes the record's name there whatever the DocType's title field.
ansvarsgruppe.title_breadcrumb = function () {
	const [view, doctype, ...rest] = frappe.get_route() || [];
	if (view !== "Form" || !doctype) {
		return;
	}
	const docname = rest.join("/");
	const doc = locals[doctype] && locals[doctype][docname];
	const title_field = frappe.get_meta(doctype)?.title_field;
	const title = doc && title_field && doc[title_field];
	const last = document.querySelector("#navbar-breadcrumbs li:last-child a");
	// textContent, not innerText: reading innerText lays out the page while the form is being drawn
	if (title && last && last.textContent.trim() === docname) {
		last.textContent = title;
	}
};
if (frappe.breadcrumbs && frappe.breadcrumbs.set_form_breadcrumb) {
	const set_form_breadcrumb = frappe.breadcrumbs.set_form_breadcrumb;
	frappe.breadcrumbs.set_form_breadcrumb = function (...args) {
		set_form_breadcrumb.apply(this, args);
		ansvarsgruppe.title_breadcrumb();
	};
}
$(document).on("form-refresh", () => ansvarsgruppe.title_breadcrumb());
