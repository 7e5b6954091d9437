#!/usr/bin/env python3
"""Writes a large, realistic /sync response for the decode benchmarks (deterministic: same size, same bytes).

    Scripts/make-sync.py SIZE_MB OUT.json

Joined rooms with timelines of mixed events (messages of several msgtypes with formatted bodies, edits,
reactions, redactions and redacted events, membership, power levels and other state), state blocks,
ephemeral typing and receipts, room account data and unread counts; invites with stripped state; left rooms;
global account data, presence, to-device messages, device lists, one-time-key counts; and keys a newer
server would send (`org.example.future`) at several levels, which a lossless decode must keep.
"""
import json
import random
import sys


def make(size_bytes, seed=1):
    rng = random.Random(seed)
    words = ("matrix sync event room message hello world swift codegen typed decode fast lossless server "
             "client federation state timeline reaction edit thread reply media image video audio file").split()

    def sentence(n):
        return " ".join(rng.choice(words) for _ in range(n))

    users = [f"@user{i}:example.org" for i in range(400)]
    counter = [0]

    def envelope(event_type, content, sender, state_key=None, unsigned=None):
        counter[0] += 1
        event = {
            "type": event_type,
            "event_id": f"${counter[0]:08d}abcdefghijklmnopqrstuv",
            "sender": sender,
            "origin_server_ts": 1_700_000_000_000 + counter[0] * 1000,
            "content": content,
            "unsigned": unsigned or {"age": rng.randint(1, 100000)},
        }
        if state_key is not None:
            event["state_key"] = state_key
        if rng.random() < 0.05:
            event["org.example.future"] = {"level": "event", "n": rng.randint(0, 9)}
        return event

    def message(sender, previous_ids):
        kind = rng.random()
        body = sentence(rng.randint(3, 40))
        if kind < 0.45:
            return envelope("m.room.message", {"msgtype": "m.text", "body": body}, sender)
        if kind < 0.60:
            return envelope("m.room.message", {
                "msgtype": "m.text", "body": body, "format": "org.matrix.custom.html",
                "formatted_body": "<p>" + body.replace(" ", " <b>", 1) + "</b></p>",
                "m.mentions": {"user_ids": [rng.choice(users)]}}, sender)
        if kind < 0.65:
            return envelope("m.room.message", {"msgtype": "m.notice", "body": body}, sender)
        if kind < 0.68:
            return envelope("m.room.message", {"msgtype": "m.emote", "body": body}, sender)
        if kind < 0.73:
            return envelope("m.room.message", {
                "msgtype": "m.image", "body": "image.png", "url": f"mxc://example.org/media{rng.randint(0, 10**9)}",
                "info": {"mimetype": "image/png", "size": rng.randint(1000, 10**7), "w": 800, "h": 600,
                         "thumbnail_url": "mxc://example.org/thumb", "thumbnail_info": {"mimetype": "image/png", "w": 80, "h": 60, "size": 1234}}}, sender)
        if kind < 0.75:
            return envelope("m.room.message", {
                "msgtype": "m.file", "body": "notes.pdf", "filename": "notes.pdf",
                "url": "mxc://example.org/file", "info": {"mimetype": "application/pdf", "size": 52341}}, sender)
        if kind < 0.76:
            return envelope("m.room.message", {"msgtype": "org.example.future_msgtype", "body": body, "org.example.data": [1, 2, 3]}, sender)
        if kind < 0.83 and previous_ids:
            return envelope("m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": rng.choice(previous_ids), "key": rng.choice(["👍", "🎉", "❤️"])}}, sender)
        if kind < 0.88 and previous_ids:
            return envelope("m.room.message", {
                "msgtype": "m.text", "body": "* " + body,
                "m.new_content": {"msgtype": "m.text", "body": body},
                "m.relates_to": {"rel_type": "m.replace", "event_id": rng.choice(previous_ids)}}, sender)
        if kind < 0.90 and previous_ids:
            return envelope("m.room.redaction", {"redacts": rng.choice(previous_ids), "reason": "spam"}, sender)
        if kind < 0.92:
            redaction = envelope("m.room.redaction", {"reason": "spam"}, sender)
            return envelope("m.room.message", {}, sender, unsigned={"redacted_because": redaction})
        if kind < 0.95:
            member = rng.choice(users)
            return envelope("m.room.member", {"membership": rng.choice(["join", "leave", "invite"]), "displayname": member[1:9]}, member, state_key=member)
        if kind < 0.97:
            return envelope("m.room.topic", {"topic": sentence(8)}, sender, state_key="", unsigned={"prev_content": {"topic": sentence(6)}, "age": 5})
        return envelope("m.room.encrypted", {
            "algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "".join(rng.choice("ABCDEFabcdef0123456789+/") for _ in range(200)),
            "device_id": "DEVICEID", "sender_key": "SENDERKEYSENDERKEYSENDERKEYSENDERKEY", "session_id": "SESSIONID"}, sender)

    def state_block(room_members):
        creator = room_members[0]
        events = [
            envelope("m.room.create", {"creator": creator, "room_version": "11"}, creator, state_key=""),
            envelope("m.room.join_rules", {"join_rule": "public"}, creator, state_key=""),
            envelope("m.room.history_visibility", {"history_visibility": "shared"}, creator, state_key=""),
            envelope("m.room.name", {"name": sentence(3)}, creator, state_key=""),
            envelope("m.room.power_levels", {
                "users": {member: 100 if member == creator else 0 for member in room_members[:20]},
                "events": {"m.room.name": 50, "m.room.power_levels": 100}, "ban": 50, "kick": 50,
                "redact": 50, "invite": 0, "state_default": 50, "events_default": 0, "users_default": 0}, creator, state_key=""),
        ]
        for member in room_members:
            events.append(envelope("m.room.member", {"membership": "join", "displayname": member[1:9], "avatar_url": "mxc://example.org/avatar"}, member, state_key=member))
        return events

    sync = {
        "next_batch": "s72595_4483_1934",
        "presence": {"events": [{"type": "m.presence", "sender": user, "content": {"presence": "online", "last_active_ago": 2478593, "currently_active": True}} for user in users[:30]]},
        "account_data": {"events": [
            {"type": "m.direct", "content": {users[1]: ["!room1:example.org"]}},
            {"type": "m.push_rules", "content": {"global": {"override": [], "content": [], "room": [], "sender": [], "underride": []}}},
            {"type": "org.example.settings", "content": {"theme": "dark"}},
        ]},
        "to_device": {"events": [
            {"type": "m.room.encrypted", "sender": users[2], "content": {"algorithm": "m.olm.v1.curve25519-aes-sha2", "sender_key": "KEY", "ciphertext": {"KEY2": {"type": 0, "body": "AAAA"}}}},
            {"type": "m.key.verification.request", "sender": users[3], "content": {"from_device": "ABC", "methods": ["m.sas.v1"], "timestamp": 1700000000000, "transaction_id": "t1"}},
        ]},
        "device_lists": {"changed": users[:10], "left": users[10:12]},
        "device_one_time_keys_count": {"signed_curve25519": 50},
        "device_unused_fallback_key_types": ["signed_curve25519"],
        "org.example.future": {"level": "sync"},
        "rooms": {"join": {}, "invite": {}, "leave": {}},
    }
    room_index = 0
    size = len(json.dumps(sync))
    while size < size_bytes:
        room_index += 1
        room_id = f"!room{room_index}:example.org"
        members = rng.sample(users, rng.randint(3, 40))
        timeline, ids = [], []
        for _ in range(rng.randint(10, 60)):
            event = message(rng.choice(members), ids)
            timeline.append(event)
            ids.append(event["event_id"])
        sync["rooms"]["join"][room_id] = {
            "summary": {"m.heroes": members[:5], "m.joined_member_count": len(members), "m.invited_member_count": 0},
            "state": {"events": state_block(members)},
            "timeline": {"events": timeline, "limited": True, "prev_batch": f"t{room_index}-1234"},
            "ephemeral": {"events": [
                {"type": "m.typing", "content": {"user_ids": members[:2]}},
                {"type": "m.receipt", "content": {ids[-1]: {"m.read": {members[0]: {"ts": 1700000000000}}}}},
            ]},
            "account_data": {"events": [
                {"type": "m.tag", "content": {"tags": {"u.work": {"order": 0.5}}}},
                {"type": "m.fully_read", "content": {"event_id": ids[0]}},
            ]},
            "unread_notifications": {"highlight_count": rng.randint(0, 3), "notification_count": rng.randint(0, 30)},
            "unread_thread_notifications": {},
            "org.example.future": {"level": "room"},
        }
        size += len(json.dumps(sync["rooms"]["join"][room_id], ensure_ascii=False, separators=(",", ":")))
        if room_index % 10 == 0:
            sync["rooms"]["invite"][f"!invite{room_index}:example.org"] = {"invite_state": {"events": [
                {"type": "m.room.name", "state_key": "", "sender": members[0], "content": {"name": sentence(3)}},
                {"type": "m.room.member", "state_key": members[1], "sender": members[0], "content": {"membership": "invite"}},
            ]}}
        if room_index % 15 == 0:
            sync["rooms"]["leave"][f"!left{room_index}:example.org"] = {
                "state": {"events": []}, "timeline": {"events": [message(members[0], [])], "limited": False}}
    return sync


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    size = float(sys.argv[1]) * 1_000_000
    with open(sys.argv[2], "w") as out:
        json.dump(make(size), out, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
