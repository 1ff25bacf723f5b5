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
