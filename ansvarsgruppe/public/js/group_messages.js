// The group's conversation with the family, in the desk (ansvarsgruppe/api/messages.py): read and
// answered by whoever takes part (the coordinator, the members with access); the sender sees who has read.
frappe.ui.form.on("Responsibility Group", {
	refresh(frm) {
		if (frm.is_new()) return;
		// the load brings the summary for its first drawing; a later refresh asks again
		const loaded = frm.doc.__onload?.conversation;
		if (frm.doc.__onload) delete frm.doc.__onload.conversation;
		(loaded
			? Promise.resolve(loaded)
			: frappe
					.call({
						method: "ansvarsgruppe.api.messages.conversation_summary",
						args: { group: frm.doc.name },
					})
					.then((r) => r.message || {})
		).then((summary) => {
			if (!summary.takes_part) return;
			const label = summary.unread
				? __("Messages ({0} new)", [summary.unread])
				: __("Messages");
			frm.add_custom_button(label, () => ansvarsgruppe_open_messages(frm));
		});
	},
});

function ansvarsgruppe_message_html(message) {
	const e = frappe.utils.escape_html;
	const parts = [
		`<div class="ag-desk-message border rounded p-2 mb-2${message.is_mine ? " bg-light" : ""}" data-message="${e(message.name)}">`,
		`<div class="small"><strong>${e(message.sender_name)}</strong> (${e(message.role)}), ${e(message.sent_at)}`,
		message.only_to_coordinator ? ` <span class="indicator-pill blue">${__("Only to the Coordinator")}</span>` : "",
		"</div>",
	];
	if (message.withdrawn) {
		parts.push(`<div class="text-muted font-italic">${e(message.withdrawn_text)}</div>`);
	} else {
		parts.push(`<div class="ag-desk-text" style="white-space: pre-line">${e(message.text)}</div>`);
		for (const doc of message.documents) {
			parts.push(
				`<div><a href="${e(doc.url)}" target="_blank" rel="noopener">${e(doc.file_name)}</a> (${e(doc.document_type)}, ${e(doc.size)})</div>`
			);
		}
	}
	if (message.is_mine) {
		const read = message.read_by.map((r) => `${r.name} (${r.at})`).join(", ");
		parts.push(
			`<div class="small text-muted ag-desk-read">${read ? __("Read by {0}", [e(read)]) : __("Not read yet")}</div>`
		);
		if (!message.withdrawn) {
			parts.push(
				`<button class="btn btn-xs btn-default ag-desk-withdraw" data-message="${e(message.name)}">${__("Withdraw")}</button>`
			);
		}
	}
	parts.push("</div>");
	return parts.join("");
}

function ansvarsgruppe_open_messages(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Messages"),
		size: "large",
		fields: [
			{ fieldtype: "HTML", fieldname: "conversation" },
			{ fieldtype: "Select", fieldname: "reply_to", label: __("Answer privately to"), hidden: 1 },
			{ fieldtype: "Small Text", fieldname: "text", label: __("Answer"), reqd: 1 },
		],
		primary_action_label: __("Send"),
		primary_action(values) {
			frappe
				.call({
					method: "ansvarsgruppe.api.messages.send_message",
					args: { group: frm.doc.name, text: values.text, reply_to: values.reply_to || null },
					freeze: true,
				})
				.then(() => {
					dialog.set_value("text", "");
					load();
				});
		},
	});
	const load = () =>
		frappe
			.call({ method: "ansvarsgruppe.api.messages.get_conversation", args: { group: frm.doc.name } })
			.then((r) => {
				const conversation = r.message;
				const wrapper = dialog.fields_dict.conversation.$wrapper;
				wrapper.html(
					conversation.messages.length
						? conversation.messages.map(ansvarsgruppe_message_html).join("")
						: `<p class="text-muted">${__("No messages yet.")}</p>`
				);
				wrapper.find(".ag-desk-withdraw").on("click", (event) => {
					const message = event.currentTarget.dataset.message;
					frappe.confirm(__("Withdraw the message? It stays visible as withdrawn."), () =>
						frappe
							.call({ method: "ansvarsgruppe.api.messages.withdraw_message", args: { message } })
							.then(load)
					);
				});
				const private_threads = conversation.messages.filter(
					(m) => m.only_to_coordinator && !m.is_mine && !m.withdrawn
				);
				const reply = dialog.get_field("reply_to");
				reply.df.options = [{ label: __("Everyone in the conversation"), value: "" }].concat(
					private_threads.map((m) => ({ label: `${m.sender_name}, ${m.sent_at}`, value: m.name }))
				);
				reply.df.hidden = !(conversation.is_coordinator && private_threads.length);
				reply.refresh();
				if (!conversation.can_write) {
					dialog.get_primary_btn().hide();
					dialog.get_field("text").df.hidden = 1;
					dialog.get_field("text").refresh();
				}
			});
	load();
	dialog.show();
}
