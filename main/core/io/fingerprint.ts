/**
 * A key's fingerprint as words a person can read aloud over the phone to the bureau ("山川 梅花 …"), instead of hex:
 * the SHA-256 of the key text, 6 bits per word, 8 words (48 bits — enough to notice a wrong or swapped key file).
 */
import { createHash } from 'node:crypto';

const WORDS = [
  '山川',
  '河流',
  '森林',
  '草原',
  '湖泊',
  '海洋',
  '沙漠',
  '高原',
  '春风',
  '夏雨',
  '秋月',
  '冬雪',
  '朝霞',
  '晚霞',
  '星辰',
  '彩虹',
  '松柏',
  '杨柳',
  '梅花',
  '兰草',
  '翠竹',
  '菊花',
  '荷花',
  '桃李',
  '黄河',
  '长江',
  '秦岭',
  '华山',
  '渭水',
  '汉江',
  '终南',
  '骊山',
  '书本',
  '笔墨',
  '纸砚',
  '琴瑟',
  '灯火',
  '钟声',
  '桥梁',
  '城墙',
  '麦田',
  '稻谷',
  '果园',
  '茶园',
  '牧场',
  '渔村',
  '炊烟',
  '井泉',
  '雄鹰',
  '白鹤',
  '燕子',
  '黄莺',
  '骏马',
  '耕牛',
  '锦鲤',
  '蝴蝶',
  '晨光',
  '正午',
  '黄昏',
  '月夜',
  '晴天',
  '细雨',
  '白云',
  '清风',
] as const;

export function fingerprintWords(keyText: string): string {
  const digest = createHash('sha256').update(keyText.trim()).digest();
  const words: string[] = [];
  for (let i = 0; i < 8; i++) {
    const bit = i * 6;
    const v = ((digest[bit >> 3] << 8) | digest[(bit >> 3) + 1]) >> (10 - (bit & 7));
    words.push(WORDS[v & 63]);
  }
  return words.join(' ');
}
