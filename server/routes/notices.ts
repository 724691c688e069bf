import { Router, type Request } from 'express';
import QRCode from 'qrcode';
import { covers, requireActor } from '../auth/actor.ts';
import type { Pool } from '../db/pool.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { unitCodeParam } from '../http/params.ts';
import { MAP_FRAME, noticeDocument, noticeSheets, noticeTitle } from '../notices/notice-page.ts';
import type { NoticeRenderer, Paper } from '../notices/notice-renderer.ts';
import { loadNotice, townshipVillages } from '../notices/notices.ts';

// What a notice shows is public (it is posted on walls, and the map shows the same signed out); making one costs a
// browser's work, so it is for those who post notices: leaders, the chief and planners, within their jurisdiction.
const MAKERS = ['leader', 'chief', 'planner'];
const BATCH_TIMEOUT_MS = 180_000;

function mayMake(req: Request, code: string) {
  const actor = requireActor(req);
  if (!MAKERS.includes(actor.role)) throw forbidden('Grid notices are made by grid leaders, the chief and planners.');
  if (!covers(actor.jurisdiction, code)) throw forbidden(`${code} is outside your jurisdiction (${actor.jurisdiction}).`);
}

/** `532327101201`, `532327101201.pdf` or `.png` → the code and the format; only villages, groups and grids. */
function noticeName(raw: string): { code: string; format: 'html' | 'pdf' | 'png' } {
  const m = /^(\d+)(?:\.(pdf|png|html))?$/.exec(raw);
  const code = unitCodeParam('code', m?.[1]);
  if (code.length < 12) {
    throw badRequest('invalid_unit', 'A notice is for a village (12 digits), a village group (15) or a grid (17); '
      + 'a township\'s notices come together from /api/notices/township/{code}.pdf.');
  }
  return { code, format: (m?.[2] ?? 'html') as 'html' | 'pdf' | 'png' };
}

function paperParam(raw: unknown): Paper {
  if (raw === undefined || raw === 'a4' || raw === 'A4') return 'a4';
  if (raw === 'a3' || raw === 'A3') return 'a3';
  throw badRequest('invalid_paper', 'paper must be a4 or a3.');
}

/** The day the notice is posted, as it is printed, in the county's time. */
const today = () => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' })
  .format(new Date());

/** Printable grid notices (网格公示): the page, its PDF and PNG, and a township's notices as one PDF. */
export function noticeRoutes(db: Pool, renderer: NoticeRenderer): Router {
  const router = Router();

  /** The sheets of one notice; its QR code opens the map's hazard report on the notice's unit. */
  async function sheetsOf(req: Request, code: string) {
    const notice = await loadNotice(db, code, MAP_FRAME.width, MAP_FRAME.height);
    // The address the reader's phone will open: this server as the request reached it (behind a loopback proxy,
    // its forwarded host), so a notice printed on the intranet points back into the intranet.
    const url = `${req.protocol}://${req.host}/?report=${code}`;
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { title: noticeTitle(notice), sheets: noticeSheets({ notice, qrSvg, date: today() }) };
  }

  router.get('/township/:file', async (req, res) => {
    const m = /^(\d{9})\.pdf$/.exec(req.params.file);
    if (!m) throw badRequest('invalid_unit', 'The batch is /api/notices/township/{9-digit township code}.pdf.');
    const township = m[1];
    mayMake(req, township);
    const paper = paperParam(req.query.paper);
    const villages = await townshipVillages(db, township);
    const notices = [];
    for (const code of villages) notices.push(await sheetsOf(req, code)); // one at a time: the pool is shared
    const pdf = await renderer.pdf(noticeDocument(`${township} 网格公示`, notices.map((n) => n.sheets)), paper, BATCH_TIMEOUT_MS);
    res.type('application/pdf').set('Content-Disposition', `inline; filename="notices-${township}-${paper}.pdf"`).send(pdf);
  });

  router.get('/:file', async (req, res) => {
    const { code, format } = noticeName(req.params.file);
    mayMake(req, code);
    const paper = paperParam(req.query.paper);
    const { title, sheets } = await sheetsOf(req, code);
    const html = noticeDocument(title, [sheets]);
    if (format === 'html') {
      res.type('html').send(html);
      return;
    }
    const body = format === 'pdf' ? await renderer.pdf(html, paper) : await renderer.png(html, paper);
    res.type(format === 'pdf' ? 'application/pdf' : 'image/png')
      .set('Content-Disposition', `inline; filename="notice-${code}-${paper}.${format}"`).send(body);
  });

  return router;
}
