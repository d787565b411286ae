// Where a live stream (type WebRTC: ControlURL and StreamID, design Appendix D) plays. The live feature
// replaces this placeholder with the WebRTC viewer; the watch page calls it with the video's details.
import { h } from '../dom.js';

/** video: { controlUrl, streamId, title }; signal: aborted when the page is left (close the connection then). */
export function livePlayer(video, signal) {
  return h('div', { class: 'player player-placeholder', 'data-live-player': '' },
    h('span', { class: 'badge live-badge' }, 'Live'),
    h('p', {}, 'Live playback arrives with the live feature.'),
  );
}
