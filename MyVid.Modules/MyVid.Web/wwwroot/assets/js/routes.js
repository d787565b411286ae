// The client's pages. The server answers each path with the app shell: keep MyVid.Web's WebEndpoints.Pages in step.
// A page module exports render(outlet, context) and, optionally, update(context) for a new URL of the same page.
// `nav` puts the page in the header's navigation. Live streams play in the watch page.
export const routes = [
  { path: '/', nav: 'Home', load: () => import('./pages/home.js') },
  { path: '/search', load: () => import('./pages/search.js') },
  { path: '/watch/:id', load: () => import('./pages/watch.js') },
  { path: '/upload', nav: 'Upload', load: () => import('./pages/upload.js') },
  { path: '/live', nav: 'Go live', load: () => import('./pages/go-live.js') },
];

export const notFound = { path: null, load: () => import('./pages/not-found.js') };
