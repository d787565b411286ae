// Starts the client: theme, shortcuts, header search and navigation, then the page the URL names.
import { routes, notFound } from './routes.js';
import { startRouter } from './router.js';
import { startThemeToggle } from './theme.js';
import { startShortcuts } from './keyboard.js';
import { startSearchBox } from './search-box.js';
import { startNav } from './nav.js';

const input = document.getElementById('search-input');
startThemeToggle(document.getElementById('theme-toggle'));
startShortcuts(input);
startSearchBox(input.form, input);
startNav(document.getElementById('nav-links'), routes);
startRouter(routes, notFound, document.getElementById('main'));
