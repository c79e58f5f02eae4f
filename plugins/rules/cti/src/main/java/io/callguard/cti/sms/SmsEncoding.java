package io.callguard.cti.sms;

/** How an SMS text travels: GSM 03.38 7-bit default alphabet, or UCS-2 (UTF-16) for anything else. */
public enum SmsEncoding {
    /** 160 septets in one segment, 153 per part of a concatenated SMS (the UDH takes 7). */
    GSM7(160, 153),
    /** 70 UTF-16 code units in one segment, 67 per part. */
    UCS2(70, 67);

    private final int singleCapacity;
    private final int partCapacity;

    SmsEncoding(int singleCapacity, int partCapacity) {
        this.singleCapacity = singleCapacity;
        this.partCapacity = partCapacity;
    }

    /** Units (septets or code units) that fit in an SMS sent alone. */
    public int singleCapacity() { return singleCapacity; }

    /** Units that fit in each part of a concatenated SMS. */
    public int partCapacity() { return partCapacity; }
}
