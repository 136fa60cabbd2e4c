// The content admin's draggable lists (django-admin-sortable2) send each move to the server and, when the server
// refuses it, only write to the browser's console, leaving the row where it was dropped. Reload instead, so the
// editor sees the server's message and the order as it really is (routines/admin.py, ChecklistItemAdmin.update_order).
(function () {
  "use strict";
  const send = window.fetch.bind(window);
  window.fetch = async function (resource, options) {
    const response = await send(resource, options);
    const url = typeof resource === "string" ? resource : resource.url;
    if (!response.ok && url.includes("/adminsortable2_update/")) {
      window.location.reload();
    }
    return response;
  };
})();
