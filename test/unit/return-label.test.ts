// The return label: one page that carries Chinese names and addresses in an embedded CJK font, however long they are.
import { buildReturnLabel, type LabelInput } from '../../activities/returns/label';

const LONG_ZH: LabelInput = {
  rmaId: 'RMA-7K3QX9PZ',
  orderId: 'RT1234561',
  carrier: '顺丰速运',
  trackingNumber: 'RT7K3QX9PZ',
  from: {
    name: '赵雷',
    line1: '浙江省杭州市上城区人民路88号钱江新城国际商务中心B座东塔',
    line2: '3单元1202室（请放在前台，周末不收件）',
    city: '杭州',
    state: '浙江省',
    country: 'CN',
    postcode: '310002',
  },
  to: {
    name: '客服退货中心（退货部）',
    line1: '上海市浦东新区张江高科技园区碧波路690号3号楼仓库东门收货处',
    line2: '2号月台',
    city: '上海',
    state: '上海市',
    country: 'CN',
    postcode: '201203',
  },
};

const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

test('long Chinese addresses on both sides fit one page, in the embedded WenQuanYi font', async () => {
  const pdf = await buildReturnLabel(LONG_ZH);
  const text = pdf.toString('latin1');
  expect(pages(pdf)).toBe(1);
  expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
  expect(text).toMatch(/\/FontFile2/);
});

test('an address far longer than any real one still leaves the barcode and QR code on the one page', async () => {
  const rambling = '上海市浦东新区张江高科技园区碧波路690号'.repeat(6);
  const pdf = await buildReturnLabel({
    ...LONG_ZH,
    from: { ...LONG_ZH.from, line1: rambling, line2: rambling },
    to: { ...LONG_ZH.to, line1: rambling, line2: rambling },
  });
  expect(pages(pdf)).toBe(1);
});
