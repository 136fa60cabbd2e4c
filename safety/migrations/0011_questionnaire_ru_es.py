"""Questionnaire version 2 in Russian and Spanish: the same questions (same ids, same version, same meaning),
written in plain words in each language with the usual local medical term. Only empty words are filled, so an
edit made in admin is kept; version 1 stays English-only (nobody answers it any more)."""

from django.db import migrations

WORDS = {
 "born_early": {
  "ru": {
   "text": "Ваш малыш родился раньше 37-й недели беременности?",
   "term": "недоношенность"
  },
  "es": {
   "text": "¿Nació tu bebé antes de la semana 37 del embarazo?",
   "term": "nacimiento prematuro"
  }
 },
 "intensive_care": {
  "ru": {
   "text": "После рождения ваш малыш лежал в специальном отделении для новорождённых, которым нужен особый уход?",
   "term": "отделение реанимации и интенсивной терапии новорождённых (ОРИТН)"
  },
  "es": {
   "text": "Después de nacer, ¿estuvo tu bebé en una unidad de cuidados especiales para recién nacidos?",
   "term": "cuidados intensivos neonatales, UCIN"
  }
 },
 "acute_illness": {
  "ru": {
   "text": "Ваш малыш болен прямо сейчас, например у него температура или инфекция?",
   "term": "острое заболевание"
  },
  "es": {
   "text": "¿Está tu bebé enfermo ahora mismo, por ejemplo con fiebre o una infección?",
   "term": "enfermedad aguda"
  }
 },
 "cord_stump": {
  "ru": {
   "text": "Пупок у малыша ещё заживает или остаток пуповины ещё не отпал?",
   "term": "пуповинный остаток"
  },
  "es": {
   "text": "¿El ombligo de tu bebé todavía se está curando, o todavía tiene pegado el resto del cordón?",
   "term": "muñón del cordón umbilical"
  }
 },
 "tuberculosis": {
  "ru": {
   "text": "У вашего малыша сейчас туберкулёз в активной форме?",
   "term": "активный туберкулёз"
  },
  "es": {
   "text": "¿Tiene tu bebé tuberculosis (TB) activa en este momento?",
   "term": "tuberculosis activa"
  }
 },
 "malnutrition": {
  "ru": {
   "text": "Врач говорил, что у малыша очень низкий вес или что ему не хватает питания?",
   "term": "тяжёлая гипотрофия"
  },
  "es": {
   "text": "¿Te ha dicho un médico que tu bebé pesa muy poco o que no se alimenta lo suficiente?",
   "term": "desnutrición grave"
  }
 },
 "infected_skin": {
  "ru": {
   "text": "Есть ли у малыша кожа, которая мокнет, трескается или похожа на заражённую? Или лимфоузел, кость или сустав, которые покраснели, стали горячими и опухли? Сухая кожа или экзема, за которой вы ухаживаете с помощью увлажняющего крема, не считается.",
   "term": "импетиго, инфицированная экзема, лимфаденит, флегмона, остеомиелит, гнойный артрит"
  },
  "es": {
   "text": "¿Tiene tu bebé zonas de piel que supuran, están agrietadas o parecen infectadas? ¿O un ganglio, un hueso o una articulación rojos, calientes e hinchados? La piel seca o el eccema que cuidas con crema hidratante no cuentan.",
   "term": "impétigo, eccema infectado, linfadenitis, flemón, osteomielitis, artritis purulenta"
  }
 },
 "fragile_bones": {
  "ru": {
   "text": "Врач говорил, что у малыша легко ломаются кости? Или кости у малыша болят, когда их касаются?",
   "term": "повышенная ломкость костей"
  },
  "es": {
   "text": "¿Te ha dicho un médico que los huesos de tu bebé se rompen con facilidad, o le duelen los huesos al tocarlos?",
   "term": "fragilidad ósea"
  }
 },
 "broken_bone": {
  "ru": {
   "text": "У малыша был перелом? Или при родах была повреждена кость или нерв в ручке или плече?",
   "term": "перелом, перелом ключицы, повреждение плечевого сплетения"
  },
  "es": {
   "text": "¿Se ha roto tu bebé algún hueso? ¿O al nacer se le lesionó un hueso o un nervio del brazo o del hombro?",
   "term": "fractura, fractura de clavícula, lesión del plexo braquial"
  }
 },
 "rickets": {
  "ru": {
   "text": "У малыша сейчас рахит, и кожа очень болит, когда её касаются?",
   "term": "рахит в периоде разгара"
  },
  "es": {
   "text": "¿Tiene tu bebé raquitismo ahora mismo, con la piel muy dolorida al tocarla?",
   "term": "raquitismo activo"
  }
 },
 "heart": {
  "ru": {
   "text": "Ваш малыш родился с проблемой сердца или его наблюдает врач-кардиолог?",
   "term": "врождённый порок сердца, наблюдение у кардиолога"
  },
  "es": {
   "text": "¿Nació tu bebé con un problema de corazón, o le hace seguimiento un médico del corazón?",
   "term": "cardiopatía congénita, en seguimiento por cardiología"
  }
 },
 "bleeding": {
  "ru": {
   "text": "У малыша бывают сильные кровотечения или очень легко появляются синяки?",
   "term": "нарушение свёртываемости крови, геморрагический диатез, гемофилия"
  },
  "es": {
   "text": "¿Tu bebé sangra mucho o le salen moretones con mucha facilidad?",
   "term": "trastorno de la coagulación, diátesis hemorrágica, hemofilia"
  }
 },
 "kidney": {
  "ru": {
   "text": "Врач говорил, что у малыша сейчас воспаление почек?",
   "term": "острый нефрит"
  },
  "es": {
   "text": "¿Te ha dicho un médico que tu bebé tiene ahora los riñones inflamados?",
   "term": "nefritis aguda"
  }
 },
 "liver": {
  "ru": {
   "text": "Врач говорил, что у малыша сейчас воспаление печени?",
   "term": "острый гепатит"
  },
  "es": {
   "text": "¿Te ha dicho un médico que tu bebé tiene ahora el hígado inflamado?",
   "term": "hepatitis aguda"
  }
 },
 "blood_disease": {
  "ru": {
   "text": "Врач говорил, что у малыша болезнь крови?",
   "term": "тромбоцитопения, лейкоз"
  },
  "es": {
   "text": "¿Te ha dicho un médico que tu bebé tiene una enfermedad de la sangre?",
   "term": "trombocitopenia, leucemia"
  }
 },
 "hernia": {
  "ru": {
   "text": "Есть ли у малыша выпячивание у пупка, в паху или в мошонке?",
   "term": "пупочная, паховая, бедренная или пахово-мошоночная грыжа"
  },
  "es": {
   "text": "¿Tiene tu bebé un bulto en el ombligo, en la ingle o en el escroto?",
   "term": "hernia umbilical, inguinal, femoral o escrotal"
  }
 },
 "hernia_stuck": {
  "ru": {
   "text": "Если да: это выпячивание твёрдое или болит? Или оно не уходит внутрь, даже когда малыш спокойно лежит?",
   "term": "невправимая или ущемлённая грыжа"
  },
  "es": {
   "text": "Si es así: ¿el bulto está duro o le duele, o se queda fuera cuando tu bebé está tranquilo y acostado?",
   "term": "hernia incarcerada o estrangulada"
  }
 },
 "surgery": {
  "ru": {
   "text": "Малышу делали операцию за последние 3 месяца?",
   "term": "хирургическая операция"
  },
  "es": {
   "text": "¿Han operado a tu bebé en los últimos 3 meses?",
   "term": "cirugía"
  }
 },
 "seizures": {
  "ru": {
   "text": "У малыша когда-нибудь были судороги или припадок?",
   "term": "судороги, эпилепсия"
  },
  "es": {
   "text": "¿Ha tenido tu bebé alguna vez un ataque o una convulsión?",
   "term": "convulsiones, epilepsia"
  }
 },
 "neuro": {
  "ru": {
   "text": "Малыша наблюдает специалист из-за проблемы с мозгом или нервами? Или из-за того, как малыш растёт и развивается?",
   "term": "неврологическое заболевание или нарушение развития"
  },
  "es": {
   "text": "¿Un especialista atiende a tu bebé por un problema del cerebro o de los nervios, o por cómo crece y aprende?",
   "term": "trastorno neurológico o del desarrollo"
  }
 },
 "torticollis": {
  "ru": {
   "text": "Малыш постоянно держит голову наклонённой или повёрнутой в одну сторону?",
   "term": "кривошея"
  },
  "es": {
   "text": "¿Tu bebé suele tener la cabeza inclinada o girada hacia un lado?",
   "term": "tortícolis"
  }
 },
 "hips": {
  "ru": {
   "text": "Врач нашёл проблему с тазобедренными суставами малыша?",
   "term": "дисплазия или вывих тазобедренного сустава"
  },
  "es": {
   "text": "¿Ha encontrado un médico algún problema en las caderas de tu bebé?",
   "term": "displasia o luxación de cadera"
  }
 },
 "clubfoot": {
  "ru": {
   "text": "Одна из стоп малыша повёрнута внутрь или вниз и так и остаётся?",
   "term": "косолапость"
  },
  "es": {
   "text": "¿Alguno de los pies de tu bebé se tuerce hacia dentro o hacia abajo y se queda así?",
   "term": "pie zambo"
  }
 },
 "flat_feet": {
  "ru": {
   "text": "Врач говорил, что у малыша плоскостопие или стопы заваливаются внутрь?",
   "term": "плоская или плосковальгусная стопа"
  },
  "es": {
   "text": "¿Te ha dicho un médico que tu bebé tiene los pies planos o que los pies se le van hacia dentro?",
   "term": "pie plano o pie plano valgo"
  }
 },
 "leg_shape": {
  "ru": {
   "text": "Врач говорил, что ножки у малыша похожи на букву Х или О?",
   "term": "Х-образные или О-образные ноги, вальгусная или варусная деформация ног"
  },
  "es": {
   "text": "¿Te ha dicho un médico que las piernas de tu bebé tienen forma de X o de O?",
   "term": "piernas en X o en O, genu valgo o genu varo"
  }
 },
 "muscle_tone": {
  "ru": {
   "text": "Врач говорил, что мышцы у малыша слишком вялые или слишком напряжённые?",
   "term": "сниженный или повышенный мышечный тонус"
  },
  "es": {
   "text": "¿Te ha dicho un médico que los músculos de tu bebé están demasiado flojos o demasiado rígidos?",
   "term": "hipotonía o hipertonía muscular"
  }
 },
 "scoliosis": {
  "ru": {
   "text": "Врач нашёл у малыша искривление позвоночника?",
   "term": "сколиоз"
  },
  "es": {
   "text": "¿Ha encontrado un médico una curva en la columna de tu bebé?",
   "term": "escoliosis"
  }
 },
 "pediatrician_ok": {
  "ru": {
   "text": "Педиатр сказал, что вашему малышу можно делать массаж?",
   "term": ""
  },
  "es": {
   "text": "¿El médico de tu bebé te ha dicho que puedes darle masajes?",
   "term": ""
  }
 },
 "shown_how": {
  "ru": {
   "text": "Медсестра, врач или инструктор по детскому массажу показали вам, как делать малышу массаж?",
   "term": "инструктор по детскому массажу"
  },
  "es": {
   "text": "¿Te ha enseñado una enfermera, un médico o un instructor de masaje para bebés a dar masajes a tu bebé?",
   "term": "instructor de masaje infantil"
  }
 }
}


def fill(apps, schema_editor):
    question_model = apps.get_model("safety", "Question")
    for question in question_model.objects.filter(version__number=2, qid__in=WORDS):
        changed = []
        for language, words in WORDS[question.qid].items():
            for field in ("text", "term"):
                name = f"{field}_{language}"
                if words[field] and not getattr(question, name):
                    setattr(question, name, words[field])
                    changed.append(name)
        if changed:
            question.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("safety", "0010_languages")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
