// Ticks every SLA badge (.sla-badge[data-due]) once a second. Each badge carries its due instant and
// its own words ("{0} left", "{0} overdue") in the page's language; this file only does the arithmetic.
(() => {
    const persian = '۰۱۲۳۴۵۶۷۸۹';
    const soon = 15 * 60 * 1000;
    const pad = (n) => String(n).padStart(2, '0');

    function countdown(ms, digits) {
        const total = Math.floor(Math.abs(ms) / 1000);
        const h = Math.floor(total / 3600);
        const m = Math.floor((total % 3600) / 60);
        const s = total % 60;
        const text = h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
        return digits === 'fa' ? text.replace(/[0-9]/g, (d) => persian[Number(d)]) : text;
    }

    function tick() {
        const now = Date.now();
        for (const badge of document.querySelectorAll('.sla-badge[data-due]')) {
            const due = Date.parse(badge.dataset.due);
            const time = badge.querySelector('.sla-time');
            if (Number.isNaN(due) || !time) {
                continue;
            }
            const left = due - now;
            const words = (left > 0 ? badge.dataset.left : badge.dataset.overdue) || '{0}';
            time.textContent = words.replace('{0}', countdown(left, badge.dataset.digits));
            badge.classList.toggle('sla-overdue', left <= 0);
            badge.classList.toggle('sla-soon', left > 0 && left <= soon);
        }
    }

    tick();
    setInterval(tick, 1000);
})();
