// A role's home draws faster: its number cards come from one request (ansvarsgruppe.api.home.cards) sent
// beside the page's own, instead of a card document and a figure per card after the page is drawn, and the
// DocTypes its quick lists need are asked for as soon as the page is known. A card the batch leaves out
// (another app's, or one with filters of its own) is loaded by Frappe as before; a figure is used once,
// so a card drawn again asks its own method.
frappe.provide("ansvarsgruppe.home");
(() => {
	const Workspace = frappe.views && frappe.views.Workspace;
	const factory = frappe.widget && frappe.widget.widget_factory;
	if (!Workspace || !factory || !factory.number_card || !factory.quick_list) {
		return;
	}
	const cards = {};
	const doctypes = {};

	const get_data = Workspace.prototype.get_data;
	Workspace.prototype.get_data = function (page) {
		const names = (this.content || [])
			.filter((block) => block.type === "number_card" && block.data)
			.map((block) => block.data.number_card_name)
			.filter((name) => name && !(name in cards));
		if (names.length) {
			const batch = Promise.resolve(
				frappe.call({ method: "ansvarsgruppe.api.home.cards", args: { names } })
			).then(
				(r) => (r && r.message) || {},
				() => ({})
			);
			for (const name of names) {
				cards[name] = batch.then((found) => found[name]);
			}
		}
		return get_data.call(this, page).then((result) => {
			const lists = (this.page_data && this.page_data.quick_lists && this.page_data.quick_lists.items) || [];
			for (const item of lists) {
				const doctype = item.document_type;
				if (doctype && !locals.DocType[doctype] && !doctypes[doctype]) {
					doctypes[doctype] = Promise.resolve(frappe.model.with_doctype(doctype)).finally(() => {
						delete doctypes[doctype];
					});
				}
			}
			return result;
		});
	};

	const NumberCard = factory.number_card.prototype;
	const make_card = NumberCard.make_card;
	NumberCard.make_card = function () {
		const name = this.number_card_name || this.name;
		const pending = cards[name];
		delete cards[name];
		if (!pending) {
			return make_card.call(this);
		}
		pending.then((card) => {
			if (!card) {
				return make_card.call(this);
			}
			this.card_doc = card.doc;
			this.prefetched = card.value;
			this.render_card();
			this.set_events();
		});
	};
	const card_data = NumberCard.get_data;
	NumberCard.get_data = function () {
		if (this.prefetched === undefined) {
			return card_data.call(this);
		}
		this.data = this.prefetched;
		delete this.prefetched;
		return this.settings.get_number(this.data);
	};

	const QuickList = factory.quick_list.prototype;
	const set_body = QuickList.set_body;
	QuickList.set_body = function () {
		const pending = doctypes[this.document_type];
		if (!pending) {
			return set_body.call(this);
		}
		pending.then(
			() => set_body.call(this),
			() => set_body.call(this)
		);
	};
})();
