// The return label: a one-page PDF with the carrier, RMA number, a barcode and QR code, and both addresses (Chinese too).
import fs from 'node:fs';
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';

export interface LabelAddress {
  name?: string;
  line1: string;
  line2?: string;
  city: string;
  state?: string;
  country: string;
  postcode?: string;
}

export interface LabelInput {
  rmaId: string;
  orderId: string;
  carrier: string;
  trackingNumber: string;
  from: LabelAddress;
  to: LabelAddress;
}

/**
 * PDF's built-in fonts are Latin only: Chinese names and addresses need a CJK font. WenQuanYi Micro Hei is what the
 * setup scripts install (fonts-wqy-microhei); KEFU_LABEL_FONT points elsewhere.
 */
export const DEFAULT_LABEL_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** The barcode, the QR code and the space around them (points). */
const CODES_HEIGHT = 70 + 90 + 16;
/** Six lines of the sender's address at 10 pt, so the warehouse's always has room. */
const FROM_MAX_HEIGHT = 6 * 13;

function labelFont(): string {
  const file = process.env.KEFU_LABEL_FONT || DEFAULT_LABEL_FONT;
  if (!fs.existsSync(file))
    throw new Error(
      `the return label needs a CJK font at ${file}: install fonts-wqy-microhei (npm run setup) or set KEFU_LABEL_FONT`,
    );
  return file;
}

function addressLines(a: LabelAddress): string[] {
  return [
    a.name,
    a.line1,
    a.line2,
    [a.city, a.state, a.postcode].filter(Boolean).join(', '),
    a.country,
  ].filter((l): l is string => Boolean(l));
}

export async function buildReturnLabel(input: LabelInput): Promise<Buffer> {
  const [barcode, qr] = await Promise.all([
    bwipjs.toBuffer({ bcid: 'code128', text: input.trackingNumber, scale: 3, height: 14, includetext: true }),
    bwipjs.toBuffer({
      bcid: 'qrcode',
      text: `${input.rmaId}|${input.orderId}|${input.trackingNumber}`,
      scale: 3,
    }),
  ]);
  const doc = new PDFDocument({ size: [288, 432], margin: 18, info: { Title: `Return ${input.rmaId}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('label', labelFont(), 'WenQuanYiMicroHei');
  doc.font('label');
  doc.fontSize(16).text(`${input.carrier} RETURN 退货`, { align: 'left' });
  doc.fontSize(10).text(`RMA ${input.rmaId}   Order ${input.orderId}`);
  doc.moveDown(0.5);
  // The codes keep their room at the foot of the page: an address too long for the label is cut short with an
  // ellipsis rather than pushing the barcode and QR code onto a second page.
  const codesTop = doc.page.height - doc.page.margins.bottom - CODES_HEIGHT;
  doc.fontSize(8).text('FROM 寄件人');
  doc.fontSize(10).text(addressLines(input.from).join('\n'), { height: FROM_MAX_HEIGHT, ellipsis: true });
  doc.moveDown(0.5);
  doc.fontSize(8).text('TO 收件人');
  doc.fontSize(12).text(addressLines(input.to).join('\n'), { height: codesTop - doc.y, ellipsis: true });
  doc.moveDown(0.5);
  doc.image(barcode, { fit: [252, 70] });
  doc.moveDown(0.3);
  doc.image(qr, { fit: [90, 90] });
  doc.end();
  return done;
}
