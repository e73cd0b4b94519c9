#!/usr/bin/env python3
"""Writes bad_zh_branch_queue_slip.txt in GBK (no BOM, CRLF line ends, as an office PC would save it).

Metadata comes from the sidecar bad_zh_branch_queue_slip.txt.meta.yaml (UTF-8).
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent

TEXT = """\
【澜州银行城东支行 营业厅LED滚动屏 文案（1号屏、3号屏同步播放）】
更新日期：2026年2月9日  报送：城东支行综合办

第1条：欢迎光临澜州银行城东支行！本网点营业时间 周一至周日 8:30-17:00，午间不休。
第2条：“安澜·月月享”第18期今日起开放认购――闲钱不想锁太久？像存定期一样简单，每月开放一次，临时要用钱也不耽误。
第3条：1万元起，手机银行、智能柜员机、柜面均可办理，详情请咨询大堂经理。
第4条：防范电信网络诈骗：公检法机关不会通过电话要求您把钱转到所谓“安全账户”。
第5条：本网点提供老年客户爱心窗口、轮椅及老花镜，如有需要请告诉工作人员。

【叫号小票背面 印刷稿（第2版，A8热敏纸，单色）】

您好！您前面还有 ____ 位客户在等候，等候的时候不妨看一看↓

安澜·月月享 ―― 咱们澜州银行的“理财定存”
● 1万元起存，每月一个固定开放日，可以申请赎回
● 跟存定期一样省心：买完不用管，到期自动回款到您的借记卡
● 不用盯盘、不用研究K线，适合不想折腾的您
● 手机银行首页搜索“月月享”即可购买，也可让大堂经理帮您预约

扫描下方二维码预约额度  /  客服热线 400-186-0753
澜州银行  与您相伴每一天
"""


def main() -> None:
    out = HERE / "bad_zh_branch_queue_slip.txt"
    data = TEXT.replace("\n", "\r\n").encode("gbk")  # raises if any char is outside GBK
    out.write_bytes(data)
    # sanity: must NOT be valid UTF-8, so a decoder really has to detect GBK
    try:
        data.decode("utf-8")
        raise SystemExit("unexpected: GBK bytes also decode as UTF-8")
    except UnicodeDecodeError:
        pass
    print(f"wrote {out.name}: {len(data)} bytes (GBK)")


if __name__ == "__main__":
    main()
