// ROS camera images: cv_bridge turns a sensor_msgs/Image message into an OpenCV image in the encoding it is asked
// for. C++ `cv_bridge::toCvCopy(msg, sensor_msgs::image_encodings::BGR8)->image` (toCvShare the same), Python
// `CvBridge().imgmsg_to_cv2(msg, "bgr8")` (or desired_encoding=, and compressed_imgmsg_to_cv2). Without an encoding the
// image keeps the message's own ("passthrough"), which the code does not show.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import type { Color, FlowVal } from './flow-types';
import { arg, cvOf, nameOf, pixelSource } from './libs-common';

/** The pixel order of a cv_bridge encoding (`bgr8`, `sensor_msgs::image_encodings::RGB8`, `mono8`); '?' when unknown. */
export function encodingColor(enc: string | undefined): Color {
  const e = (enc ?? '').replace(/^.*[.:]/, '').toLowerCase();
  if (/^bgra?(8|16)$/.test(e)) return 'BGR';
  if (/^rgba?(8|16)$/.test(e)) return 'RGB';
  if (/^mono(8|16)$/.test(e)) return 'GRAY';
  return '?';
}

const CPP_BRIDGE: ReadonlySet<string> = new Set(['cv_bridge.toCvCopy', 'cv_bridge.toCvShare']);
const PY_BRIDGE: ReadonlySet<string> = new Set(['imgmsg_to_cv2', 'compressed_imgmsg_to_cv2']);

/** A cv_bridge conversion of a ROS image message: the image, in the encoding asked for; UNHANDLED for other calls. */
export function cvBridgeCall(c: CallCtx, kind: FlowVal['kind']): Val | typeof UNHANDLED {
  const cpp = kind === 'mat';
  if (cpp ? !CPP_BRIDGE.has(c.name ?? '') : !PY_BRIDGE.has(c.method ?? '')) return UNHANDLED;
  const e = arg(c, 1, 'desired_encoding')?.v;
  const s = cvOf(e);
  const enc = s?.t === 'str' ? s.v : nameOf(e);
  const api = cpp ? (c.name ?? '').replace('.', '::') : (c.method ?? '');
  return pixelSource(c, api, { kind, color: encodingColor(enc) });
}

/** `ptr->image` of what cv_bridge returned (a CvImagePtr): the image itself. */
export function isBridgeImage(f: FlowVal | undefined, attr: string): boolean {
  return attr === 'image' && f !== undefined && f.origin.kind === 'pixel' && f.origin.desc.startsWith('cv_bridge::') && f.trace.length === 0;
}
