// A role's home draws faster: its number cards come from one request (ansvarsgruppe.api.home.cards) sent
// beside the page's own on the first draw (and from one request for the cards drawn together when the
// page is shown again), instead of a card document and a figure per card after the page is drawn; the
// DocTypes its quick lists need are asked for as soon as the page is known. A card the batch leaves out
// (another app's, or one with filters of its own) is loaded by Frappe as before; a figure is used once.
frappe.provide("ansvarsgruppe.home");
(() => {
	const Workspace = frappe.views && frappe.views.Workspace;
	const factory = frappe.widget && frappe.widget.widget_factory;
	if (!Workspace || !factory || !factory.number_card || !factory.quick_list) {
		return;
	}
	const cards = {};
	const doctypes = {};
	let gathering = null;

	const ask = (names) =>
		Promise.resolve(frappe.call({ method: "ansvarsgruppe.api.home.cards", args: { names } })).then(
			(r) => (r && r.message) || {},
			() => ({})
		);
	// The cards drawn together (the page shown again) are asked for at once, after the drawing pass.
	const ask_soon = (name) => {
		if (!gathering) {
			const names = [];
			const batch = new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
				gathering = null;
				return ask(names);
			});
			gathering = { names, batch };
		}
		gathering.names.push(name);
		return gathering.batch.then((found) => found[name]);
	};

	const get_data = Workspace.prototype.get_data;
	Workspace.prototype.get_data = function (page) {
		const names = (this.content || [])
			.filter((block) => block.type === "number_card" && block.data)
			.map((block) => block.data.number_card_name)
			.filter((name) => name && !(name in cards));
		if (names.length) {
			const batch = ask(names);
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
		let pending = cards[name];
		delete cards[name];
		if (!pending) {
			if (!name) {
				return make_card.call(this);
			}
			pending = ask_soon(name);
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
