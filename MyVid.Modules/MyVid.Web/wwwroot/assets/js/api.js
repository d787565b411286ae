// The public wire protocol (design Appendix A). The only file that knows the server's JSON names.

/** A failed request, in words a person understands: problem+json's title and detail. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

const fallbackTitles = {
  400: 'The request was not accepted',
  404: 'Not found',
  413: 'The request is too large',
  429: 'Too many requests',
  503: 'MyVid is busy',
};

async function request(method, path, body, signal) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'MyVid cannot be reached', 'Check your connection, then try again.');
  }
  if (response.ok) return response.json();
  const type = response.headers.get('Content-Type') ?? '';
  const problem = type.includes('json') ? await response.json().catch(() => ({})) : {};
  throw new ApiError(
    response.status,
    problem.title ?? fallbackTitles[response.status] ?? (response.status >= 500 ? 'Something went wrong on the server' : 'The request failed'),
    problem.detail ?? '',
  );
}

/** One entry of a list: { id, title, description, preview, type: 'HTTP' | 'WebRTC', duration }. */
const toSummary = (e) => ({
  id: e.ID, title: e.Title ?? '', description: e.Description ?? '', preview: e.Preview ?? null,
  type: e.Type ?? 'HTTP', duration: e.Duration ?? null,
});

/** Random videos, or a page of search results when `search` has words. */
export async function listVideos({ search, page, pageSize } = {}, signal) {
  const entries = await request('POST', '/API/VIDEO/', { Search: search || undefined, Page: page, PageSize: pageSize }, signal);
  return entries.map(toSummary);
}

/** A video's details: HTTP { url, preview, duration } or WebRTC { controlUrl, streamId }, both with title and description. */
export async function getVideo(id, signal) {
  const d = await request('GET', `/API/VIDEO/${encodeURIComponent(id)}`, null, signal);
  return {
    id, type: d.type, title: d.title ?? '', description: d.description ?? '', url: d.URL ?? null,
    preview: d.Preview ?? null, duration: d.duration ?? null, controlUrl: d.ControlURL ?? null, streamId: d.StreamID ?? null,
  };
}
