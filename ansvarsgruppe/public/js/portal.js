// Family portal: give Frappe's web form controls accessible names from their visible labels.
frappe.ready(() => {
	const label_controls = () => {
		document.querySelectorAll(".web-form .frappe-control").forEach((control) => {
			const label = control.querySelector(".control-label");
			const input = control.querySelector("input, textarea, select");
			if (label && input && !input.getAttribute("aria-label") && label.textContent.trim()) {
				input.setAttribute("aria-label", label.textContent.trim());
			}
		});
	};
	if (document.querySelector(".web-form")) {
		new MutationObserver(label_controls).observe(document.body, { childList: true, subtree: true });
		label_controls();
	}
});

// The portal's own forms (an answer to an invitation, a proposal, the agreement to a plan): posted to the
// app's method with the form's fields and its data-* values; the form's status line says what happened.
const agPortalError = async (response) => {
	try {
		const body = await response.json();
		const messages = JSON.parse(body._server_messages || "[]").map((m) => JSON.parse(m).message);
		return messages.join(" ").replace(/<[^>]+>/g, " ") || "Det ble ikke sendt.";
	} catch (e) {
		return "Det ble ikke sendt.";
	}
};
window.agPortalForms = (selector, method, done) => {
	document.querySelectorAll(selector).forEach((form) => {
		form.addEventListener("submit", async (event) => {
			event.preventDefault();
			const status = form.querySelector(".ag-form-status");
			const button = form.querySelector("button[type=submit]");
			const data = new FormData(form);
			Object.entries(form.dataset).forEach(([key, value]) => data.append(key, value));
			button.disabled = true;
			status.textContent = "Sender …";
			const response = await fetch("/api/method/" + method, {
				method: "POST",
				body: data,
				headers: { "X-Frappe-CSRF-Token": frappe.csrf_token, Accept: "application/json" },
			});
			button.disabled = false;
			if (response.ok) {
				status.textContent = done;
				window.location.reload();
			} else {
				status.textContent = await agPortalError(response);
			}
		});
	});
};
