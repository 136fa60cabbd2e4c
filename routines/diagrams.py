"""The direction diagrams a step can show: hand-written inline SVG, one per movement.

DIAGRAMS maps a stable name (what Step.diagram stores) to its label for editors and a text
alternative that says the same as the picture in words. The SVG itself is the template
templates/diagrams/<name>.svg.

Every drawing shows the baby as the parent sees it, from where the routine says to sit: at the feet
(head at the top, the baby's right on your left) for the body, at the head (face upside down) for the
head and face, and from above for a baby on the tummy. Close-ups show one hand or one foot.
"""

from django.utils.translation import gettext_lazy as _

DIAGRAMS = {
    # Head and face: baby on the back, head towards you.
    "head-face": {
        "label": _("Face and neck: from the middle out"),
        "alt": _("Baby on the back, head towards you, so you see the face upside down. Your fingertips stroke "
                 "the forehead, the cheeks and the chin from the middle out to the sides, then down the sides "
                 "of the neck towards the shoulders."),
    },
    "head-crown": {
        "label": _("Top of the head: over the soft spot"),
        "alt": _("Baby on the back, head towards you. Your fingertips glide from the hairline on the forehead "
                 "over the top of the head towards you, on both sides of the soft spot on the top, without "
                 "pressing. A second soft spot lies at the back of the head, near the neck."),
    },
    "head-brow": {
        "label": _("Eyebrows: from the bridge of the nose to the temples"),
        "alt": _("Baby on the back, head towards you. Your fingertips start on the bridge of the nose, between "
                 "the eyebrows, and slide out along both eyebrows to the temples."),
    },
    "head-nose": {
        "label": _("Nose: down the sides to the nostrils"),
        "alt": _("Baby on the back, head towards you. One fingertip on each side of the nose strokes down to "
                 "the edges of the nostrils, then makes tiny circles there."),
    },
    "head-lips": {
        "label": _("Lips: from the middle to the corners"),
        "alt": _("Baby on the back, head towards you. Your fingertips slide from the middle, just above the "
                 "upper lip, out to the corners of the mouth, then the same just below the lower lip."),
    },
    "head-ears": {
        "label": _("Ears: along the rim, top to lobe"),
        "alt": _("Baby on the back, head towards you. Your thumb and finger stroke along the rim of each ear, "
                 "from the top of the ear to the earlobe."),
    },
    # Stomach: baby on the back, feet towards you, so the baby's right is on your left.
    "stomach-rest": {
        "label": _("Stomach: a warm hand resting still"),
        "alt": _("Baby on the back, feet towards you, so the baby's right is on your left and the baby's left on "
                 "your right. Your warm flat hand rests still on the tummy, below the ribs, off the liver on the "
                 "baby's right side under the ribs."),
    },
    "stomach-clockwise": {
        "label": _("Stomach: clockwise circles"),
        "alt": _("Baby on the back, feet towards you. Your hand circles the tummy clockwise around the belly "
                 "button: up on the baby's right side (your left), across under the ribs to the baby's left "
                 "(your right), and down. It stays off the liver, on the baby's right under the ribs."),
    },
    "stomach-spirals": {
        "label": _("Stomach: small spirals, travelling clockwise"),
        "alt": _("Baby on the back, feet towards you. Your fingertips make small spirals while they travel "
                 "clockwise around the belly button: up on the baby's right side (your left), across, and down "
                 "the baby's left side (your right). They stay off the liver, on the baby's right under the ribs."),
    },
    # Chest: baby on the back, feet towards you.
    "chest-centre-out": {
        "label": _("Chest: from the middle out to the sides"),
        "alt": _("Baby on the back, feet towards you. Both flat hands start side by side in the middle of the "
                 "chest and slide out to the sides, along the ribs, without pressing."),
    },
    "chest-up-and-out": {
        "label": _("Chest: up to the shoulders, down the sides"),
        "alt": _("Baby on the back, feet towards you. Both hands start in the middle of the chest, slide up and "
                 "out to the shoulders, then glide down the sides of the body."),
    },
    "chest-ribs": {
        "label": _("Chest: along the ribs"),
        "alt": _("Baby on the back, feet towards you. Two fingertips start beside the breastbone and trace out "
                 "along the ribs to each side, a little lower each time."),
    },
    # Hands and arms.
    "hand-palm-circles": {
        "label": _("Hand: circles in the palm"),
        "alt": _("A baby's open hand, palm up. Your thumb makes small circles in the middle of the palm."),
    },
    "hand-fingers": {
        "label": _("Hand: each finger from base to tip"),
        "alt": _("A baby's open hand. Your thumb and finger slide along each finger, and the thumb, from where "
                 "it joins the hand to its tip."),
    },
    "hand-back": {
        "label": _("Hand: back of the hand, knuckles to wrist"),
        "alt": _("The back of a baby's hand, fingers up. Your thumb strokes from the knuckles down to the "
                 "wrist."),
    },
    "arm-hand-to-shoulder": {
        "label": _("Arm: from the hand to the shoulder"),
        "alt": _("Baby on the back, feet towards you, arms up by the head. On each arm in turn, your hand moves "
                 "from the baby's hand along the arm up to the shoulder."),
    },
    # Legs: baby on the back, feet towards you.
    "leg-lower": {
        "label": _("Leg: outer lower leg, ankle to knee"),
        "alt": _("Baby on the back, feet towards you. On each leg in turn, your hand strokes the outer side of "
                 "the lower leg, from the ankle up to the knee."),
    },
    "leg-thigh": {
        "label": _("Leg: outer thigh, knee to hip"),
        "alt": _("Baby on the back, feet towards you. On each leg in turn, your hand strokes the outer side of "
                 "the thigh, from just above the knee up to the hip, going around the knee cap."),
    },
    "leg-foot-to-thigh": {
        "label": _("Leg: from the foot up to the thigh"),
        "alt": _("Baby on the back, feet towards you. On each leg in turn, your hand moves along the outer side "
                 "of the leg, from the foot up to the thigh and hip, going around the knee cap."),
    },
    "leg-calf-wobble": {
        "label": _("Leg: tiny wobbles of the calf"),
        "alt": _("Baby on the back, feet towards you. Your hand cups the calf, the back of the lower leg, and "
                 "moves it in tiny soft wobbles, side to side, without moving the leg."),
    },
    # Feet.
    "foot-top": {
        "label": _("Foot: top of the foot, toes to ankle"),
        "alt": _("The top of a baby's foot, toes towards you. Your thumb strokes from the toes up to the ankle."),
    },
    "foot-ankle-circles": {
        "label": _("Foot: circles around the ankle bones"),
        "alt": _("The top of a baby's foot, toes towards you. Two fingertips draw small circles around the "
                 "round ankle bone on each side of the ankle."),
    },
    "foot-sole": {
        "label": _("Foot: the sole, toes to heel"),
        "alt": _("The sole of a baby's foot, toes at the top. Your thumb moves over the sole from the toes down "
                 "to the heel."),
    },
    "foot-sole-spirals": {
        "label": _("Foot: small spirals over the sole"),
        "alt": _("The sole of a baby's foot, toes at the top. Your thumb draws small spirals, round and round "
                 "and a little inwards, under the toes, in the middle of the sole and on the heel."),
    },
    "foot-sole-points": {
        "label": _("Foot: soft touches on spots of the sole"),
        "alt": _("The sole of a baby's foot, toes at the top. Your fingertips or thumb touch softly at a few "
                 "spots: two under the toes, two in the middle and one on the heel."),
    },
    "foot-toes": {
        "label": _("Foot: each toe from base to tip"),
        "alt": _("The top of a baby's foot, toes towards you. Your thumb and finger slide along each toe, from "
                 "where it joins the foot to its tip."),
    },
    # Back: baby on the tummy.
    "back-neck-to-buttocks": {
        "label": _("Back: from the neck down to the buttocks and back up"),
        "alt": _("Baby on the tummy, head turned to one side. Your hands slide down the back from the neck to "
                 "the buttocks on both sides of the spine, then back up to the neck. The spine itself is not "
                 "touched."),
    },
    "back-circles": {
        "label": _("Back: small circles down beside the spine"),
        "alt": _("Baby on the tummy, head turned to one side. Your fingertips make small circles on both sides "
                 "of the spine, working down from the neck to the buttocks, then back up. The spine itself is "
                 "not touched."),
    },
    "back-centre-out": {
        "label": _("Back: from the middle out to the sides"),
        "alt": _("Baby on the tummy, head turned to one side. Both flat hands start in the middle of the back, "
                 "beside the spine, and slide out to the sides, starting near the shoulders and a little lower "
                 "each time."),
    },
}


def diagram_choices():
    return [(name, info["label"]) for name, info in DIAGRAMS.items()]
