// Traditional → Simplified for common characters, so the Simplified lexicons and examples serve both scripts.

/** Pairs by position: TRADITIONAL[i] is SIMPLIFIED[i]; one character each, so text offsets survive folding. */
const TRADITIONAL =
  '訂單貨號處請問麼們這個還沒過時間幾給錢換顏內兩禮週為後來開買賣說話電機氣淨寶東於與會嗎體貴價對錯謝關' +
  '係聯絡發運碼態塊長產質壞應該讓車線聲響費幫將訊郵紅綠藍黃銀帳戶務轉聽難無從現樣種傷擔憂愛滿歡樂認證確' +
  '實際張熱壺掃塵網遲達遞陸續進補庫裝統級褲襯帶雙條隻臺辦錄記馬尋讚爛騙極總經啟動靜連斷壓衝鋒絨腦書護溫' +
  '溼濕燈顯亂異報誤僅準備數貼幣額稅據頁圖顧館麵飯鐘鍾廣區縣蘇歲樓門鎖鑰專業優劵員計劃獲選擇適舊紀錶隊題' +
  '麗並當場鬆緊較輕餘積測試戲結簽憑寫讀寬織縫釦鈕纜頭籃觸鍵盤螢搖擺彎覺聞滲邊側層蓋鬧煩況喔唄囉罷';
const SIMPLIFIED =
  '订单货号处请问么们这个还没过时间几给钱换颜内两礼周为后来开买卖说话电机气净宝东于与会吗体贵价对错谢关' +
  '系联络发运码态块长产质坏应该让车线声响费帮将讯邮红绿蓝黄银账户务转听难无从现样种伤担忧爱满欢乐认证确' +
  '实际张热壶扫尘网迟达递陆续进补库装统级裤衬带双条只台办录记马寻赞烂骗极总经启动静连断压冲锋绒脑书护温' +
  '湿湿灯显乱异报误仅准备数贴币额税据页图顾馆面饭钟钟广区县苏岁楼门锁钥专业优券员计划获选择适旧纪表队题' +
  '丽并当场松紧较轻余积测试戏结签凭写读宽织缝扣钮缆头篮触键盘萤摇摆弯觉闻渗边侧层盖闹烦况哦呗啰罢';

export const TRADITIONAL_TO_SIMPLIFIED: ReadonlyMap<string, string> = new Map(
  [...TRADITIONAL].map((ch, i): [string, string] => [ch, SIMPLIFIED[i] ?? ch]),
);
