// A live stream's viewer count, as its media node last reported it to the catalogue (GET /API/VIDEO/{ID}).
import { getVideo } from '../api.js';

/** The count, or null when it cannot be read now (the caller keeps showing the last one). */
export async function viewerCount(id, signal) {
  try {
    const video = await getVideo(id, signal);
    return video.type === 'WebRTC' ? video.viewers ?? 0 : null;
  } catch {
    return null;
  }
}

/** "1 watching", "1,200 watching". */
export const watching = (count) => `${count.toLocaleString('en')} watching`;
