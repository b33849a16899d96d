// Wording of the troubleshooting replies in en and zh-CN.
import type { TemplatesFor } from '../../wording/templates';
import type { TroubleshootingReplyParams } from './replies';

const listEn = (slots: string[], date: (iso: string) => string) =>
  slots.map((s, i) => `${i + 1}. ${date(s)}`).join('\n');

const EXPECTS_EN: Record<string, string> = {
  fixed: '"fixed"',
  still: '"still the same"',
  done: '"done"',
  yes: '"yes"',
  no: '"no"',
};
const EXPECTS_ZH: Record<string, string> = {
  fixed: '“好了”',
  still: '“还是一样”',
  done: '“做完了”',
  yes: '“是”',
  no: '“不是”',
};

export const TROUBLESHOOTING_TEMPLATES: TemplatesFor<TroubleshootingReplyParams> = {
  ts_ask_device: {
    en: (p) =>
      p.devices.length > 0
        ? `Which device is it?\n${p.devices.map((d, i) => `${i + 1}. ${d.model} (${d.serial})`).join('\n')}`
        : 'Which model is it, and what is its serial number? Both are printed on the rating label.',
    'zh-CN': (p) =>
      p.devices.length > 0
        ? `请问是哪台设备？\n${p.devices.map((d, i) => `${i + 1}. ${d.model}（${d.serial}）`).join('\n')}`
        : '请问设备的型号和序列号是多少？两者都印在设备的铭牌上。',
  },
  ts_device_unknown: {
    en: (p) => `I can't find a device with the serial number ${p.serial}. Which model is it?`,
    'zh-CN': (p) => `没有找到序列号为 ${p.serial} 的设备。请问是什么型号？`,
  },
  ts_ask_symptom: {
    en: (p) =>
      `What is ${p.model ? `your ${p.model}` : 'it'} doing? If the display shows an error code (such as E3), please tell me the code.`,
    'zh-CN': (p) =>
      `请问${p.model ? `您的 ${p.model} ` : '设备'}出现了什么问题？如果屏幕显示故障代码（例如 E3），请告诉我代码。`,
  },
  ts_start: {
    en: (p) =>
      `Let's fix this together, one step at a time (${p.title.en}). Tell me after each step how it went, in your own words.`,
    'zh-CN': (p) => `我们一步一步来排查（${p.title.zh}）。每做完一步，请用您自己的话告诉我结果。`,
  },
  ts_step: {
    en: (p) => `${p.warning ? `⚠️ ${p.warning.en}\n` : ''}Step ${p.number}: ${p.say.en}`,
    'zh-CN': (p) => `${p.warning ? `⚠️ ${p.warning.zh}\n` : ''}第 ${p.number} 步：${p.say.zh}`,
  },
  ts_back_to_step: {
    en: (p) => `Back to step ${p.number}:`,
    'zh-CN': (p) => `我们回到第 ${p.number} 步：`,
  },
  ts_answer_unclear: {
    en: (p) =>
      `Sorry, I didn't catch how that step went. You can say ${p.expects.map((k) => EXPECTS_EN[k] ?? `"${k}"`).join(', ')}, ask me what something means, or say "repeat".`,
    'zh-CN': (p) =>
      `抱歉，我没明白这一步的结果。您可以说${p.expects.map((k) => EXPECTS_ZH[k] ?? `“${k}”`).join('、')}，也可以问我某个部件是什么，或者说“再说一遍”。`,
  },
  ts_leaf: {
    en: (p) => p.say.en,
    'zh-CN': (p) => p.say.zh,
  },
  ts_resolved: {
    en: () => "Great, I'm glad it works again!",
    'zh-CN': () => '太好了，设备恢复正常了！',
  },
  ts_csat_ask: {
    en: () => 'How satisfied are you with this help, from 1 (not at all) to 5 (very)?',
    'zh-CN': () => '请问您对这次服务满意吗？请打 1（很不满意）到 5（非常满意）分。',
  },
  ts_csat_thanks: {
    en: (p) => `Thank you for your rating (${p.score}/5)!`,
    'zh-CN': (p) => `感谢您的评分（${p.score}/5）！`,
  },
  ts_no_tree: {
    en: (p) =>
      `I don't have a guided check for that${p.model ? ` on the ${p.model}` : ''} yet; here is what the manual says:`,
    'zh-CN': (p) =>
      `${p.model ? `${p.model} 的` : ''}这个问题暂时还没有分步排查指引，说明书中的相关内容如下：`,
  },
  ts_technician: {
    en: (p, f) =>
      `This needs a technician. I've opened service ticket ${p.ticketId} with every step we tried. ${
        p.warranty === 'in_warranty'
          ? `Your device is under warranty until ${p.warrantyUntil}, so the repair is free.`
          : p.warranty === 'expired'
            ? `The warranty ended on ${p.warrantyUntil}, so the visit and repair are charged.`
            : 'Please have the purchase receipt ready: the technician will check the warranty.'
      }\nWhen may the technician come?\n${listEn(p.slots, f.date)}`,
    'zh-CN': (p, f) =>
      `需要技术人员上门处理。我已创建服务工单 ${p.ticketId}，并附上了我们尝试过的所有步骤。${
        p.warranty === 'in_warranty'
          ? `您的设备在保修期内（至 ${p.warrantyUntil}），维修免费。`
          : p.warranty === 'expired'
            ? `设备保修已于 ${p.warrantyUntil} 到期，上门和维修需要收费。`
            : '请准备好购买凭证，技术人员会现场确认保修。'
      }\n请问哪个时间方便上门？\n${listEn(p.slots, f.date)}`,
  },
  ts_no_slots: {
    en: (p) =>
      `All visit times are booked right now; a colleague will call you to arrange one (ticket ${p.ticketId}).`,
    'zh-CN': (p) => `目前上门时间已约满，同事会致电与您另约时间（工单 ${p.ticketId}）。`,
  },
  ts_visit_booked: {
    en: (p, f) => `Booked: a technician will come on ${f.date(p.at)} (ticket ${p.ticketId}).`,
    'zh-CN': (p, f) => `已预约：技术人员将于 ${f.date(p.at)} 上门（工单 ${p.ticketId}）。`,
  },
  ts_visit_taken: {
    en: (p, f) => `Sorry, that time was just taken. These are still free:\n${listEn(p.slots, f.date)}`,
    'zh-CN': (p, f) => `抱歉，这个时间刚被约满。以下时间仍可预约：\n${listEn(p.slots, f.date)}`,
  },
  ts_pick_visit: {
    en: (p, f) => `Which time suits you? Reply with its number:\n${listEn(p.slots, f.date)}`,
    'zh-CN': (p, f) => `请问哪个时间方便？回复序号即可：\n${listEn(p.slots, f.date)}`,
  },
  ts_safety_stop: {
    en: () =>
      'For your safety, please stop now: switch the appliance off at the wall socket, turn off its water tap, and keep away from any water on the floor. Do not use it again until a technician has checked it.',
    'zh-CN': () =>
      '为了您的安全，请立即停止操作：从墙上插座断开电源，关闭进水阀，远离地面积水。在技术人员检查之前请勿再使用该设备。',
  },
};
