// Field pages: one-tap sign-in and visit position from the browser's geolocation (no inline scripts: CSP).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-geolocate]") : null;
  if (!button) return;
  const form = button.closest("form");
  const status = document.getElementById(button.dataset.geolocate);
  const submit = button.dataset.submit === "1";
  event.preventDefault();
  if (!("geolocation" in navigator)) {
    if (status) status.textContent = button.dataset.unavailable || "";
    return;
  }
  button.disabled = true;
  if (status) status.textContent = button.dataset.locating || "";
  navigator.geolocation.getCurrentPosition(
    (position) => {
      form.querySelector("[name=lat]").value = position.coords.latitude.toFixed(7);
      form.querySelector("[name=lng]").value = position.coords.longitude.toFixed(7);
      const accuracy = form.querySelector("[name=accuracy_m]");
      if (accuracy) accuracy.value = Math.round(position.coords.accuracy);
      if (status) status.textContent = button.dataset.located || "";
      button.disabled = false;
      if (submit) form.submit();
    },
    () => {
      button.disabled = false;
      if (status) status.textContent = button.dataset.unavailable || "";
    },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
});
