// Runs before first paint: mark the page as scripted so the slider-only controls show.
document.documentElement.classList.replace("no-js", "js");
