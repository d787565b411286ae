#!/usr/bin/python3
"""gst-whip.py - GStreamer 1.22's webrtcbin publishing over WHIP (RFC 9725): a VP8 test picture and an Opus tone.

Usage: /usr/bin/python3 gst-whip.py WHIP_URL STREAM_KEY

Debian 12 has no whipsink (gst-plugins-rs), so this is the whole WHIP client: webrtcbin makes the offer, the script
waits for ICE gathering to complete, POSTs the offer with the stream key, and applies the 201's answer. One JSON line
on stdout per event:
  {"created": "http://.../whip/abc", "status": 201}        the session, or {"status": 4xx/5xx, "body": "..."} and exit 1
  {"connection": "connected"}                              webrtcbin's connection state, as it changes
  {"sent": {"video": N, "audio": N}}                       RTP packets the payloaders made, every second
Closing stdin DELETEs the session and ends the script (so do 5 minutes). Runs with Debian's /usr/bin/python3
(python3-gst-1.0, gir1.2-gst-plugins-bad-1.0, gir1.2-nice-0.1, gstreamer1.0-plugins-bad/-good/-nice).
"""
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("Nice", "0.1")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC, Nice  # noqa: E402

PIPELINE = """
webrtcbin name=webrtc bundle-policy=max-bundle
videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1
  ! vp8enc deadline=1 keyframe-max-dist=60 target-bitrate=300000 ! rtpvp8pay name=vpay pt=96 picture-id-mode=15-bit
  ! application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000,rtcp-fb-nack-pli=true ! webrtc.
audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! opusenc ! rtpopuspay name=apay pt=111
  ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000 ! webrtc.
"""

url, key = sys.argv[1], sys.argv[2]
location = None
sent = {"video": 0, "audio": 0}


def say(message):
    print(json.dumps(message), flush=True)


def count(kind):
    # rtpvp8pay pushes a frame's packets as one buffer list
    def probe(_pad, info):
        sent[kind] += info.get_buffer_list().length() if info.type & Gst.PadProbeType.BUFFER_LIST else 1
        return Gst.PadProbeReturn.OK
    return probe


def request(method, target, body=None):
    headers = {"Authorization": "Bearer " + key}
    if body is not None:
        headers["Content-Type"] = "application/sdp"
    req = urllib.request.Request(target, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def post_offer(offer_sdp):
    """In a thread: the main loop keeps running while the server answers."""
    global location
    status, headers, body = request("POST", url, offer_sdp.encode())
    if status != 201:
        say({"status": status, "body": body})
        GLib.idle_add(loop.quit)
        return
    location = urllib.parse.urljoin(url, headers["Location"])
    say({"created": location, "status": status})
    _, message = GstSdp.SDPMessage.new_from_text(body)
    answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, message)
    GLib.idle_add(lambda: webrtc.emit("set-remote-description", answer, None) and False)


def on_gathering(element, _param):
    # Offer with every candidate at once (no trickle): webrtcbin's offer, once gathering is complete.
    if element.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE:
        sdp = element.get_property("local-description").sdp.as_text()
        threading.Thread(target=post_offer, args=(sdp,), daemon=True).start()


def on_offer(promise, element):
    reply = promise.get_reply()  # held: a reply used only in passing is freed under the offer (PyGObject 3.42)
    offer = reply.get_value("offer")
    element.emit("set-local-description", offer, None)


def on_negotiation_needed(element):
    element.emit("create-offer", None, Gst.Promise.new_with_change_func(on_offer, element))


def on_connection(element, _param):
    say({"connection": element.get_property("connection-state").value_nick})


def report():
    say({"sent": dict(sent)})
    return True


def wait_for_stdin():
    sys.stdin.read()  # until the test closes it
    GLib.idle_add(loop.quit)


Gst.init(None)
pipeline = Gst.parse_launch(PIPELINE)
webrtc = pipeline.get_by_name("webrtc")
# The node is on 127.0.0.1: gather there only (libnice skips loopback when it finds other addresses).
loopback = Nice.Address.new()
loopback.set_from_string("127.0.0.1")
ice = webrtc.get_property("ice-agent")
ice.get_property("agent").add_local_address(loopback)
for index in range(2):
    webrtc.emit("get-transceiver", index).set_property("direction", GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)
pipeline.get_by_name("vpay").get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST, count("video"))
pipeline.get_by_name("apay").get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST, count("audio"))
webrtc.connect("on-negotiation-needed", on_negotiation_needed)
webrtc.connect("notify::ice-gathering-state", on_gathering)
webrtc.connect("notify::connection-state", on_connection)

loop = GLib.MainLoop()
pipeline.set_state(Gst.State.PLAYING)
GLib.timeout_add_seconds(1, report)
GLib.timeout_add_seconds(300, loop.quit)  # at most 5 minutes, should the test be gone without closing stdin
threading.Thread(target=wait_for_stdin, daemon=True).start()
loop.run()

pipeline.set_state(Gst.State.NULL)
if location is not None:
    status, _, _ = request("DELETE", location)
    say({"deleted": status})
sys.exit(0 if location is not None else 1)
