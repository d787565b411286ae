// Runs before the first paint (a classic script in <head>), so a remembered theme never flashes.
try {
  const theme = localStorage.getItem('myvid.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch { /* storage may be disabled: follow the system */ }
