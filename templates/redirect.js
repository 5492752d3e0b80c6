// Moved pages: go to the new address, keeping the #fragment of the old link (meta refresh would drop it).
(function () {
  var script = document.currentScript;
  if (!script) return;
  var target = script.getAttribute("data-target");
  if (!target) return;
  var hash = location.hash;
  if (hash && target.indexOf("#") >= 0) target = target.split("#")[0];
  location.replace(target + hash);
})();
