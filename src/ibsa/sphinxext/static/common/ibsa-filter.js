/* Filters for tables marked .ibsa-filter-table (the scenario index): one drop-down per listed column, built from
   the table's own cells. No server, no remote code: it works from file://. Without scripts the table is whole. */
(() => {
  "use strict";
  // column (by position: the headings are in the page's language) -> how a cell holds several values
  // (null: one value per cell); the Chinese edition lists with "；" and "、"
  const COLUMNS = { 1: null, 2: null, 3: /[;；]\s*/, 4: /[,、]\s*/, 5: /[,、]\s*/ };
  const zh = (document.documentElement.lang || "").toLowerCase().startsWith("zh");
  const WORDS = zh
    ? { filter: "筛选表格", any: "全部", shown: (n, all) => `显示 ${n} / ${all} 项` }
    : { filter: "Filter the table", any: "any", shown: (n, all) => `${n} of ${all} shown` };

  function values(cell, sep) {
    const text = cell.textContent.trim();
    return sep ? text.split(sep).map((v) => v.trim()).filter(Boolean) : [text];
  }

  function setUp(box, n) {
    const table = box.querySelector("table");
    if (!table || !table.tHead || !table.tBodies.length) return;
    const heads = [...table.tHead.rows[0].cells].map((c) => c.textContent.trim());
    const rows = [...table.tBodies[0].rows];
    const form = document.createElement("form");
    form.className = "ibsa-filters";
    form.setAttribute("aria-label", WORDS.filter);
    form.addEventListener("submit", (e) => e.preventDefault());
    const status = document.createElement("p");
    status.className = "ibsa-filter-status";
    status.setAttribute("role", "status");
    const selects = [];
    heads.forEach((head, col) => {
      if (!(col in COLUMNS)) return;
      const sep = COLUMNS[head];
      const seen = [...new Set(rows.flatMap((r) => values(r.cells[col], sep)))].sort((a, b) =>
        a.localeCompare(b, undefined, { numeric: true }));
      if (seen.length < 2) return;
      const id = `ibsa-filter-${n}-${col}`;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = head;
      const select = document.createElement("select");
      select.id = id;
      select.add(new Option(WORDS.any, ""));
      seen.forEach((v) => select.add(new Option(v, v)));
      select.addEventListener("change", apply);
      selects.push({ select, col, sep });
      const field = document.createElement("span");
      field.className = "ibsa-filter";
      field.append(label, select);
      form.append(field);
    });
    if (!selects.length) return;
    form.append(status);
    box.before(form);

    function apply() {
      let shown = 0;
      rows.forEach((row) => {
        const ok = selects.every(({ select, col, sep }) =>
          !select.value || values(row.cells[col], sep).includes(select.value));
        row.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      status.textContent = WORDS.shown(shown, rows.length);
    }
    apply();
  }

  document.querySelectorAll(".ibsa-filter-table").forEach(setUp);
})();
